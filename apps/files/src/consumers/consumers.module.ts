import { Module } from '@nestjs/common';
import { replicaBootstrapProvider, tombstonePurgeProvider } from '@vv/access';
import { FilesModule } from '../files/files.module';
import { FileReferencesConsumer } from './file-references.consumer';
import { ObjectCleanup } from './object-cleanup';
import { AVATARS_BOOTSTRAP, avatarsSource, GRANTS_BOOTSTRAP, messageGrantsSource } from './reference-sources';
import { ReferencesRepository } from './references.repository';

/**
 * Files' event consumers (avatars, attachments, settings, deleted villages) with the bootstraps of
 * their replicas, the object cleanup, and the purge of the consumers' tombstones once past the
 * stream's retention.
 */
@Module({
  imports: [FilesModule],
  providers: [
    ReferencesRepository,
    FileReferencesConsumer,
    replicaBootstrapProvider(AVATARS_BOOTSTRAP, avatarsSource, [ReferencesRepository]),
    replicaBootstrapProvider(GRANTS_BOOTSTRAP, messageGrantsSource, [ReferencesRepository]),
    ObjectCleanup,
    tombstonePurgeProvider(['files.purge_reference_tombstones']),
  ],
})
export class ConsumersModule {}
