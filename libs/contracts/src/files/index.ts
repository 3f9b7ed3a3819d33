// Files' messages: one folder per message, exported here and registered in ../catalogue/.
export * from './file/file.schema';
export { fileCreate, fileCreateFields } from './file-create/file-create.command';
export { fileComplete, fileCompleteFields, MULTIPART_PARTS_MAX } from './file-complete/file-complete.command';
export { fileList, fileListQuery } from './file-list/file-list.command';
export { fileGet } from './file-get/file-get.command';
export { fileDownload } from './file-download/file-download.command';
export { fileUpdate, filePatch } from './file-update/file-update.command';
export type { FilePatch } from './file-update/file-update.command';
export { fileDelete } from './file-delete/file-delete.command';
export { downloadList, fileDownloadRecord } from './download-list/download-list.command';
export type { FileDownloadRecord } from './download-list/download-list.command';
export {
  fileCheckUse,
  FILE_USES,
  FILE_UNUSABLE_REASONS,
  FILE_UNUSABLE_TEXT,
} from './file-check-use/file-check-use.command';
export type { FileUnusableReason } from './file-check-use/file-check-use.command';
export { fileUploaded } from './file-uploaded/file-uploaded.event';
export { fileUpdated } from './file-updated/file-updated.event';
export { fileDeleted, FILE_DELETE_REASONS } from './file-deleted/file-deleted.event';
export { fileDownloaded } from './file-downloaded/file-downloaded.event';
