// `nx run files:migrate`: applies pending migrations of the files schema and exits.
import { createLogger, loadConfig } from '@vv/platform';
import { filesConfigSchema } from './config';
import { migrateFiles } from './migrations';

const config = loadConfig(filesConfigSchema);
const logger = createLogger('files', config.LOG_LEVEL);

migrateFiles(config, logger).then(
  (applied) => {
    logger.info({ applied: applied.length }, 'files schema is up to date');
  },
  (error: unknown) => {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  },
);
