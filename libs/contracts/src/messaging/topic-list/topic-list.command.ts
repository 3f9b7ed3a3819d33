import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { page, pageQuery, uuid } from '../../common/schemas';
import { topic } from '../topic/topic.schema';

/** `?archived=true` lists the archived topics instead of the others. */
export const topicListQuery = pageQuery.extend({
  archived: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .or(z.boolean())
    .optional(),
});

export const topicList = defineCommand({
  service: 'messaging',
  name: 'topic.list',
  version: 1,
  summary: "A village's topics: pinned first, then newest first; archived ones only with archived=true",
  request: topicListQuery.extend({ villageId: uuid }),
  response: page(topic),
});
