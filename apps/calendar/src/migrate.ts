// `nx run calendar:migrate`: applies pending migrations of the calendar schema and exits.
import { createLogger, loadConfig } from '@vv/platform';
import { calendarConfigSchema } from './config';
import { migrateCalendar } from './migrations';

const config = loadConfig(calendarConfigSchema);
const logger = createLogger('calendar', config.LOG_LEVEL);

migrateCalendar(config, logger).then(
  (applied) => {
    logger.info({ applied: applied.length }, 'calendar schema is up to date');
  },
  (error: unknown) => {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  },
);
