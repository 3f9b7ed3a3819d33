import { Module } from '@nestjs/common';
import { tombstonePurgeProvider } from '@vv/access';
import { FilesModule } from '../files/files.module';
import { FileReferencesConsumers } from './file-references.consumers';
import { ObjectCleanup } from './object-cleanup';
import { ReferencesRepository } from './references.repository';

/**
 * Files' event consumers (avatars, attachments, settings, deleted villages), the object cleanup, and
 * the purge of the consumers' tombstones once past the stream's retention.
 */
@Module({
  imports: [FilesModule],
  providers: [
    ReferencesRepository,
    FileReferencesConsumers,
    ObjectCleanup,
    tombstonePurgeProvider(['files.purge_reference_tombstones']),
  ],
})
export class ConsumersModule {}
