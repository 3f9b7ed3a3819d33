import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';

/** The only file of the cached-reads module that calls SQL. */
@Injectable()
export class CachedReadsRepository {
  constructor(private readonly db: Database) {}

  /** The villages whose member lists show the user. */
  async villageIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db.call<{ villageId: string }>('identity.list_member_village_ids', { userId });
    return rows.map((row) => row.villageId);
  }
}
