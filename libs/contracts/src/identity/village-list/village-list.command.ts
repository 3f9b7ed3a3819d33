import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { page, pageQuery } from '../../common/schemas';
import { village } from '../village/village.schema';

export const villageList = defineCommand({
  service: 'identity',
  name: 'village.list',
  version: 1,
  summary: 'Villages I belong to (scope=mine) or public ones (scope=public), optionally matching a name',
  request: pageQuery.extend({
    scope: z.enum(['mine', 'public']).default('mine'),
    q: z.string().trim().min(1).max(100).optional(),
  }),
  response: page(village),
});
