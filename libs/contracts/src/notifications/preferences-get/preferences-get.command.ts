import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { notificationPreferences } from '../preferences/preferences.schema';

export const preferencesGet = defineCommand({
  service: 'notifications',
  name: 'preferences.get',
  version: 1,
  summary: 'My notification preferences for a village (members; the defaults until set)',
  request: z.strictObject({ villageId: uuid }),
  response: notificationPreferences,
});
