import { Module } from '@nestjs/common';
import { FilesSettings } from '../settings/files-settings';
import { UploadsService } from '../uploads/uploads.service';
import { FilesHandler } from './files.handler';
import { FilesPolicy } from './files.policy';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';

/**
 * A village's files: uploads (presigned, checked at complete), reads, lists, changes, deletes,
 * downloads and their audit. Village access comes from the global AccessModule, S3 from the
 * global StorageModule. Exports the repository and settings for the consumers.
 */
@Module({
  controllers: [FilesHandler],
  providers: [FilesRepository, FilesPolicy, FilesSettings, FilesService, UploadsService],
  exports: [FilesRepository, FilesSettings],
})
export class FilesModule {}
