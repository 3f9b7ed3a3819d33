import 'reflect-metadata';
import { AccessModule } from '@vv/access';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { AttendanceModule } from './attendance/attendance.module';
import { calendarConfigSchema } from './config';
import { EventsModule } from './events/events.module';
import { FeedModule } from './feed/feed.module';
import { CALENDAR_MIGRATIONS_DIR, CALENDAR_SHARED_SQL } from './migrations';
import { ReplicaSnapshotsModule } from './replica-snapshots/replica-snapshots.module';

/**
 * Calendar: village events with recurrence, attendance and an iCalendar feed. Village access
 * comes from the libs/access membership replica.
 */
export async function createCalendarApp(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningApp> {
  const config = loadConfig(calendarConfigSchema, env);
  return createServiceApp({
    service: 'calendar',
    config,
    modules: [
      AccessModule.forService({ service: 'calendar' }),
      FeedModule,
      EventsModule,
      AttendanceModule,
      ReplicaSnapshotsModule,
    ],
    port: config.CALENDAR_HTTP_PORT,
    migrationsDir: CALENDAR_MIGRATIONS_DIR,
    migrationSources: CALENDAR_SHARED_SQL,
  });
}
