// `nx run messaging:migrate`: applies pending migrations of the messaging schema and exits.
import { createLogger, loadConfig } from '@vv/platform';
import { messagingConfigSchema } from './config';
import { migrateMessaging } from './migrations';

const config = loadConfig(messagingConfigSchema);
const logger = createLogger('messaging', config.LOG_LEVEL);

migrateMessaging(config, logger).then(
  (applied) => {
    logger.info({ applied: applied.length }, 'messaging schema is up to date');
  },
  (error: unknown) => {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  },
);
