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

/** The only file of the metadata module that calls SQL. Scopes as stored: `app`, `village:<id>`, `user:<id>`. */
@Injectable()
export class MetadataRepository {
  constructor(private readonly db: Database) {}

  get(scope: string, key: string): Promise<MetadataRow | undefined> {
    return this.db.maybeOne<MetadataRow>('identity.get_metadata', { scope, key });
  }
}
