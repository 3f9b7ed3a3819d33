import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';

/** Ids one `topic.check_ids` call may ask about. */
export const TOPIC_CHECK_IDS_MAX = 500;

/**
 * INTERNAL (no gateway route): which of these ids are topics of the village, for a service about
 * to store them (notifications' topic preferences). The actor must read the village (`not_found`
 * otherwise, as for any topic read); an id of no topic, or of another village's, is left out.
 */
export const topicCheckIds = defineCommand({
  service: 'messaging',
  name: 'topic.check_ids',
  version: 1,
  summary: 'Internal: which of these ids are topics of the village (village.read)',
  request: z.strictObject({
    villageId: uuid,
    topicIds: z.array(uuid).min(1).max(TOPIC_CHECK_IDS_MAX),
  }),
  response: z.object({ topicIds: z.array(uuid) }),
});
