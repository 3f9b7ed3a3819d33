import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { FileReferencesConsumers } from './file-references.consumers';
import { ObjectCleanup } from './object-cleanup';
import { ReferencesRepository } from './references.repository';

/** Files' event consumers (avatars, attachments, settings, deleted villages) and the object cleanup. */
@Module({
  imports: [FilesModule],
  providers: [ReferencesRepository, FileReferencesConsumers, ObjectCleanup],
})
export class ConsumersModule {}
