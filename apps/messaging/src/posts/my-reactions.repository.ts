import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';

/** The caller's own reactions on cached posts: the one per-actor part of a topic's first page. */
@Injectable()
export class MyReactionsRepository {
  constructor(private readonly db: Database) {}

  /** Emojis by post id, only for posts the actor reacted to. */
  async list(actorId: string, postIds: readonly string[]): Promise<Record<string, string[]>> {
    const rows = await this.db.call<{ postId: string; emojis: string[] }>('messaging.list_my_reactions', {
      actorId,
      postIds,
    });
    return Object.fromEntries(rows.map((row) => [row.postId, row.emojis]));
  }
}
