import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';
import { notificationPreferences, notificationPreferencesFields } from '../preferences/preferences.schema';

export const preferencesPut = defineCommand({
  service: 'notifications',
  name: 'preferences.put',
  version: 1,
  summary: 'Replace my notification preferences for a village (members)',
  request: z.strictObject({ villageId: uuid, preferences: notificationPreferencesFields }),
  response: notificationPreferences,
});
