// `nx run notifications:migrate`: applies pending migrations of the notifications schema and exits.
import { createLogger, loadConfig } from '@vv/platform';
import { notificationsConfigSchema } from './config';
import { migrateNotifications } from './migrations';

const config = loadConfig(notificationsConfigSchema);
const logger = createLogger('notifications', config.LOG_LEVEL);

migrateNotifications(config, logger).then(
  (applied) => {
    logger.info({ applied: applied.length }, 'notifications schema is up to date');
  },
  (error: unknown) => {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  },
);
