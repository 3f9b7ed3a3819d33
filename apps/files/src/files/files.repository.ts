import { Injectable } from '@nestjs/common';
import { Database, type SqlCaller } from '@vv/platform';
import type { DownloadRow, FileRow, ReachableFileRow } from './file-row';

/** A new file's stored fields, as the service has settled them. */
export interface NewFile {
  id: string;
  villageId: string;
  ownerId: string;
  name: string;
  folder: string;
  contentType: string;
  size: number;
  checksumSha256: string | null;
  visibility: 'visible' | 'hidden';
  read: string[];
  write: string[];
  objectKey: string;
}

/** Who is listing: the member, their role and whether they hold files.manage. */
export interface Lister {
  userId: string;
  role: string;
  manage: boolean;
}

export interface ListedFileRow extends FileRow {
  sortName: string;
}

export interface FileChanges {
  name?: string;
  folder?: string;
  visibility?: 'visible' | 'hidden';
  read?: string[];
  write?: string[];
}

export type DeleteReason = 'deleted' | 'rejected' | 'expired' | 'village_deleted';

/** The only file of the files module that calls SQL. */
@Injectable()
export class FilesRepository {
  constructor(private readonly db: Database) {}

  /** The pending file with its bytes reserved against `quota` (quota_exceeded otherwise). */
  create(file: NewFile, quota: number): Promise<FileRow> {
    return this.db.one<FileRow>('files.create_file', { ...file, quota });
  }

  setUploadId(fileId: string, uploadId: string): Promise<unknown> {
    return this.db.call('files.set_upload_id', { fileId, uploadId });
  }

  /** Forgets a pending file whose upload never started (quota released, no event). */
  discardPending(fileId: string): Promise<unknown> {
    return this.db.call('files.discard_pending_file', { fileId });
  }

  /** The file with whether it is an avatar and whether a message grants it to `userId`. */
  getFor(fileId: string, userId: string): Promise<ReachableFileRow | undefined> {
    return this.db.maybeOne<ReachableFileRow>('files.get_file_for', { fileId, userId });
  }

  getMany(fileIds: string[]): Promise<FileRow[]> {
    return this.db.call<FileRow>('files.get_files', { fileIds });
  }

  list(
    villageId: string,
    folder: string,
    recursive: boolean,
    lister: Lister,
    limit: number,
    after?: readonly [string, string, string],
  ): Promise<ListedFileRow[]> {
    return this.db.call<ListedFileRow>('files.list_files', {
      villageId,
      folder,
      recursive,
      userId: lister.userId,
      role: lister.role,
      manage: lister.manage,
      limit,
      afterFolder: after?.[0],
      afterName: after?.[1],
      afterId: after?.[2],
    });
  }

  async subfolders(villageId: string, folder: string, lister: Lister): Promise<string[]> {
    const rows = await this.db.call<{ name: string }>('files.list_subfolders', {
      villageId,
      folder,
      userId: lister.userId,
      role: lister.role,
      manage: lister.manage,
    });
    return rows.map((row) => row.name);
  }

  /** Marks the file ready with file.uploaded; undefined when it was not pending. */
  complete(fileId: string, actorId: string): Promise<FileRow | undefined> {
    return this.db.maybeOne<FileRow>('files.complete_file', { fileId, actorId });
  }

  update(fileId: string, actorId: string, changes: FileChanges): Promise<FileRow> {
    return this.db.one<FileRow>('files.update_file', { fileId, actorId, ...changes });
  }

  /** Deletes the records (quota released, removals queued, file.deleted each); the rows deleted. */
  delete(
    fileIds: string[],
    actorId: string | null,
    reason: DeleteReason,
    tx: SqlCaller = this.db,
  ): Promise<FileRow[]> {
    return tx.call<FileRow>('files.delete_files', { fileIds, actorId, reason });
  }

  recordDownload(fileId: string, userId: string): Promise<DownloadRow | undefined> {
    return this.db.maybeOne<DownloadRow>('files.record_download', { fileId, userId });
  }

  listDownloads(
    fileId: string,
    limit: number,
    before?: readonly [string, string],
  ): Promise<Array<DownloadRow & { sortKey: string }>> {
    return this.db.call<DownloadRow & { sortKey: string }>('files.list_downloads', {
      fileId,
      limit,
      beforeAt: before?.[0],
      beforeId: before?.[1],
    });
  }

  /** Which of `userIds` the replica knows as current members of the village. */
  async currentMembers(villageId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db.call<{ userId: string }>('files.current_members', { villageId, userIds });
    return new Set(rows.map((row) => row.userId));
  }
}
