import { Injectable } from '@nestjs/common';
import { POST_REACTION_EMOJIS_MAX } from '@vv/contracts';
import { Database } from '@vv/platform';
import type { PostRow } from '../posts/post-row';

/** The only file of the reactions module that calls SQL. */
@Injectable()
export class ReactionsRepository {
  constructor(private readonly db: Database) {}

  /** Adds the reaction (idempotent) with reaction.added; the post with its counts, undefined when gone. */
  add(postId: string, actorId: string, emoji: string): Promise<PostRow | undefined> {
    return this.db.maybeOne<PostRow>('messaging.add_reaction', {
      postId,
      actorId,
      emoji,
      maxEmojis: POST_REACTION_EMOJIS_MAX,
    });
  }

  /** Removes the reaction (idempotent) with reaction.removed; the post, undefined when gone. */
  remove(postId: string, actorId: string, emoji: string): Promise<PostRow | undefined> {
    return this.db.maybeOne<PostRow>('messaging.remove_reaction', { postId, actorId, emoji });
  }
}
