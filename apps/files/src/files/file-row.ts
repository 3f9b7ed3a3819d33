import type { FileDownloadRecord, FileRecord } from '@vv/contracts';

/** A row of the file functions (`files.file_result`), camel-cased by the Database (timestamps as ISO strings). */
export interface FileRow {
  id: string;
  villageId: string;
  ownerId: string;
  name: string;
  folder: string;
  contentType: string;
  /** bigint: pg hands it over as a string. */
  size: string | number;
  checksumSha256: string | null;
  status: 'pending' | 'ready';
  visibility: 'visible' | 'hidden';
  read: string[];
  write: string[];
  objectKey: string;
  uploadId: string | null;
  createdAt: string;
  updatedAt: string;
  uploadedAt: string | null;
}

/** `files.get_file_for`: the row and what other services make of the file. */
export interface ReachableFileRow extends FileRow {
  /** The user whose avatar this file is; null when it is nobody's. */
  avatarOf: string | null;
  /** Whether a message the caller may read carries it. */
  granted: boolean;
}

export interface DownloadRow {
  id: string;
  fileId: string;
  userId: string;
  downloadedAt: string;
}

export const sizeOf = (row: Pick<FileRow, 'size'>): number => Number(row.size);

export const toFileRecord = (row: FileRow): FileRecord => ({
  id: row.id,
  villageId: row.villageId,
  ownerId: row.ownerId,
  name: row.name,
  folder: row.folder,
  contentType: row.contentType,
  size: sizeOf(row),
  checksumSha256: row.checksumSha256,
  status: row.status,
  permissions: { visibility: row.visibility, read: row.read, write: row.write },
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  uploadedAt: row.uploadedAt,
});

export const toDownloadRecord = (row: DownloadRow): FileDownloadRecord => ({
  id: row.id,
  fileId: row.fileId,
  userId: row.userId,
  downloadedAt: row.downloadedAt,
});
