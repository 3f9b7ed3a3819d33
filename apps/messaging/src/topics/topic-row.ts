import type { WithMembership } from '@vv/access';
import type { Topic } from '@vv/contracts';

/** A topic as messaging's topic functions return it (camelCase, ISO timestamps). */
export interface TopicRow {
  id: string;
  villageId: string;
  fixedKey: string | null;
  title: string;
  description: string;
  createdBy: string | null;
  pinned: boolean;
  locked: boolean;
  archived: boolean;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** `created_at` at full precision: the page cursor's timestamp. */
  sortKey: string;
}

/** A row of `get_topic_with_membership` and `list_topics_with_membership`. */
export type TopicWithMembershipRow = WithMembership<TopicRow>;

export const toTopic = (row: TopicRow): Topic => ({
  id: row.id,
  villageId: row.villageId,
  title: row.title,
  description: row.description,
  fixed: row.fixedKey !== null,
  fixedKey: row.fixedKey,
  createdBy: row.createdBy,
  pinned: row.pinned,
  locked: row.locked,
  archived: row.archived,
  data: row.data,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
