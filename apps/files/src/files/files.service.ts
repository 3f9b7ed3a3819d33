import { Inject, Injectable } from '@nestjs/common';
import {
  type FileDownloadRecord,
  type FilePatch,
  type FileRecord,
  type ParsedRequestOf,
  type ResponseOf,
  type downloadList,
  type fileCheckUse,
  type fileList,
} from '@vv/contracts';
import { CONFIG, decodeCursor, pageOf, ServiceError, timeIdKey, type Actor } from '@vv/platform';
import { z } from 'zod';
import type { FilesConfig } from '../config';
import { ObjectStorage } from '../storage/object-storage';
import { contentDispositionOf } from './content-disposition';
import { toDownloadRecord, toFileRecord } from './file-row';
import { FilesPolicy } from './files.policy';
import { FilesRepository } from './files.repository';

/** The listing's keyset: folder, lower-cased name, id. */
const listKey = z.tuple([z.string().max(1100), z.string().max(300), z.uuid()]);

type ListRequest = ParsedRequestOf<typeof fileList>;
type CheckUse = ParsedRequestOf<typeof fileCheckUse>;

/** Reading, listing, changing, deleting and downloading files, each under FilesPolicy. */
@Injectable()
export class FilesService {
  constructor(
    private readonly files: FilesRepository,
    private readonly policy: FilesPolicy,
    private readonly storage: ObjectStorage,
    @Inject(CONFIG) private readonly config: FilesConfig,
  ) {}

  async get(actor: Actor, fileId: string): Promise<FileRecord> {
    const row = await this.files.getFor(fileId, actor.userId);
    return toFileRecord(await this.policy.assert(actor, row, 'read'));
  }

  async list(actor: Actor, request: ListRequest): Promise<ResponseOf<typeof fileList>> {
    const lister = await this.policy.lister(actor, request.villageId);
    const after = decodeCursor(request.cursor, listKey);
    const [rows, folders] = await Promise.all([
      this.files.list(request.villageId, request.folder, request.recursive, lister, request.limit + 1, after),
      after === undefined ? this.files.subfolders(request.villageId, request.folder, lister) : [],
    ]);
    return {
      ...pageOf(rows, request.limit, (row) => [row.folder, row.sortName, row.id], toFileRecord),
      folders,
    };
  }

  async update(actor: Actor, fileId: string, patch: FilePatch): Promise<FileRecord> {
    const row = await this.files.getFor(fileId, actor.userId);
    const current = await this.policy.assert(actor, row, patch.permissions ? 'admin' : 'write');
    let permissions;
    if (patch.permissions) {
      permissions = {
        visibility: patch.permissions.visibility ?? current.visibility,
        read: patch.permissions.read ?? current.read,
        write: patch.permissions.write ?? current.write,
      };
      await this.policy.assertValidPermissions(current.villageId, permissions);
    }
    return toFileRecord(
      await this.files.update(fileId, actor.userId, {
        name: patch.name,
        folder: patch.folder,
        ...permissions,
      }),
    );
  }

  async delete(actor: Actor, fileId: string): Promise<void> {
    const row = await this.files.getFor(fileId, actor.userId);
    await this.policy.assert(actor, row, 'write');
    await this.files.delete([fileId], actor.userId, 'deleted');
  }

  /** A short-lived presigned GET, the download recorded (with file.downloaded) first. */
  async download(actor: Actor, fileId: string): Promise<{ url: string; expiresAt: string }> {
    const file = await this.policy.assert(actor, await this.files.getFor(fileId, actor.userId), 'read');
    if (file.status !== 'ready') {
      throw new ServiceError('upload_incomplete', 'The upload has not been completed yet');
    }
    if (!(await this.files.recordDownload(fileId, actor.userId))) {
      throw new ServiceError('not_found', 'No such file');
    }
    return this.storage.presignGet(
      file.objectKey,
      {
        contentType: file.contentType,
        contentDisposition: contentDispositionOf(file.name, file.contentType),
      },
      this.config.FILES_DOWNLOAD_URL_TTL_SECONDS,
    );
  }

  async downloads(
    actor: Actor,
    request: ParsedRequestOf<typeof downloadList>,
  ): Promise<{ items: FileDownloadRecord[]; nextCursor: string | null }> {
    const row = await this.files.getFor(request.fileId, actor.userId);
    await this.policy.assert(actor, row, 'admin');
    const before = decodeCursor(request.cursor, timeIdKey);
    const rows = await this.files.listDownloads(request.fileId, request.limit + 1, before);
    return pageOf(rows, request.limit, (item) => [item.sortKey, item.id], toDownloadRecord);
  }

  /** For identity (avatar) and messaging (attachments): why each file cannot be used, or null. */
  async checkUse(actor: Actor, request: CheckUse): Promise<ResponseOf<typeof fileCheckUse>> {
    const rows = new Map((await this.files.getMany(request.fileIds)).map((row) => [row.id, row]));
    const files = await Promise.all(
      request.fileIds.map(async (fileId) => {
        const row = rows.get(fileId);
        if (!row || (await this.policy.accessTo(actor, row)) === 'none') {
          return { fileId, reason: 'not_found' as const };
        }
        if (row.status !== 'ready') return { fileId, reason: 'not_ready' as const };
        if (request.use === 'avatar' && row.ownerId !== actor.userId) {
          return { fileId, reason: 'not_owner' as const };
        }
        if (request.use === 'attachment' && row.villageId !== request.villageId) {
          return { fileId, reason: 'other_village' as const };
        }
        return { fileId, reason: null };
      }),
    );
    return { files };
  }
}
