export const SERVICE_NAMES = [
  'gateway',
  'identity',
  'messaging',
  'calendar',
  'files',
  'notifications',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
