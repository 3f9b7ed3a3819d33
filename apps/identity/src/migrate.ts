// `nx run identity:migrate`: applies pending migrations of the identity schema and exits.
import { createLogger, loadConfig } from '@vv/platform';
import { identityConfigSchema } from './config';
import { migrateIdentity } from './migrations';

const config = loadConfig(identityConfigSchema);
const logger = createLogger('identity', config.LOG_LEVEL);

migrateIdentity(config, logger).then(
  (applied) => {
    logger.info({ applied: applied.length }, 'identity schema is up to date');
  },
  (error: unknown) => {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  },
);
