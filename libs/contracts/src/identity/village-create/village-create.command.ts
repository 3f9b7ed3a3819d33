import { defineCommand } from '../../common/define';
import { village, villageCreate } from '../village/village.schema';

export const villageCreateCommand = defineCommand({
  service: 'identity',
  name: 'village.create',
  version: 1,
  summary: 'Create a village; the caller becomes its owner',
  request: villageCreate,
  response: village,
});
