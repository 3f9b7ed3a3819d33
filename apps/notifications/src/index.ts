export { createNotificationsApp } from './app';
export { notificationsConfigSchema } from './config';
export type { NotificationsConfig } from './config';
