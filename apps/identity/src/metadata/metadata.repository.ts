import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';

export interface MetadataRow {
  id: string;
  scope: string;
  key: string;
  version: number;
  value: unknown;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MetadataWrite {
  scope: string;
  key: string;
  actorId: string;
  /** Versions the caller accepts (If-Match); the write happens only while the document is at one of them. */
  ifMatch?: number[];
  /** `If-Match: *`: the write happens only while the document exists. */
  ifExists?: boolean;
}

/** The only file of the metadata module that calls SQL. Scopes as stored: `app`, `village:<id>`, `user:<id>`. */
@Injectable()
export class MetadataRepository {
  constructor(private readonly db: Database) {}

  get(scope: string, key: string): Promise<MetadataRow | undefined> {
    return this.db.maybeOne<MetadataRow>('identity.get_metadata', { scope, key });
  }

  /** Creates or replaces the document (version + 1) with metadata.updated; `precondition_failed` when a condition fails. */
  put(write: MetadataWrite, value: unknown): Promise<MetadataRow> {
    return this.db.one<MetadataRow>('identity.put_metadata', {
      scope: write.scope,
      key: write.key,
      value: JSON.stringify(value),
      actorId: write.actorId,
      ifMatch: write.ifMatch,
      ifExists: write.ifExists,
    });
  }

  /** Deletes the document with metadata.updated; undefined when there is none (and no condition was given). */
  delete(write: MetadataWrite): Promise<MetadataRow | undefined> {
    return this.db.maybeOne<MetadataRow>('identity.delete_metadata', {
      scope: write.scope,
      key: write.key,
      actorId: write.actorId,
      ifMatch: write.ifMatch,
      ifExists: write.ifExists,
    });
  }

  /** Of `userIds`, those that are not members of the village. */
  async nonMembers(villageId: string, userIds: string[]): Promise<Set<string>> {
    const rows = await this.db.call<{ userId: string }>('identity.find_non_members', { villageId, userIds });
    return new Set(rows.map((row) => row.userId));
  }
}
