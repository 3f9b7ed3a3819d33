import 'reflect-metadata';
// The e2e project is the one place that imports apps (allowed in eslint.config.mjs for this folder only).
import { createGatewayApp } from '@vv/gateway';
import { createIdentityApp } from '@vv/identity';
import { createCalendarApp } from '@vv/calendar';
import { createFilesApp } from '@vv/files';
import { createMessagingApp } from '@vv/messaging';
import { createNotificationsApp } from '@vv/notifications';
import {
  createTestEnvironment,
  startSmtpSink,
  startTestS3,
  type SmtpSink,
  type TestEnvironment,
  type TestS3,
} from '@vv/testing';

export interface Suite {
  /** The gateway's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  environment: TestEnvironment;
  /** The SMTP server notifications sends to; present when booted with `mail: true`. */
  mail?: SmtpSink;
  /** The S3 files stores objects in (its own bucket; `stop()`/`start()` simulate an outage). */
  s3: TestS3;
  /** Stops both apps, drops the database and the streams. */
  close(): Promise<void>;
}

/** Variables for one app on top of the suite's, or a function of the suite's (e.g. to proxy its DATABASE_URL). */
export type AppVariables = Record<string, string> | ((env: Record<string, string>) => Record<string, string>);

export interface SuiteOptions {
  /** Variables for the gateway on top of the suite's. */
  gateway?: AppVariables;
  /** Variables for identity on top of the suite's. */
  identity?: AppVariables;
  /** Variables for messaging on top of the suite's. */
  messaging?: AppVariables;
  /** Variables for calendar on top of the suite's. */
  calendar?: AppVariables;
  /** Variables for files on top of the suite's (and its S3's). */
  files?: AppVariables;
  /** Also boot notifications, sending to an in-process SMTP server (`Suite.mail`). */
  mail?: boolean;
  /** Variables for notifications on top of the suite's (with `mail`). */
  notifications?: AppVariables;
}

const variables = (option: AppVariables | undefined, env: Record<string, string>): Record<string, string> =>
  typeof option === 'function' ? option(env) : (option ?? {});

/**
 * Generous gateway limits, so a file's requests (all from 127.0.0.1) are limited only where a
 * test means them to be; the limits themselves are tested with a dedicated boot.
 */
export const UNLIMITED = {
  RATE_LIMIT_IP_PER_MINUTE: '100000',
  RATE_LIMIT_AUTH_IP_PER_MINUTE: '100000',
  RATE_LIMIT_USER_PER_MINUTE: '100000',
  // A static in-flight limit: a burst of a test's requests on a slow machine is never shed.
  MIN_IN_FLIGHT_REQUESTS: '64',
};

/** Boots identity, messaging, calendar, files against an S3 (and notifications with an SMTP server, on request) then the gateway in-process against a fresh database and subject prefix. */
export async function bootSuite(options: SuiteOptions = {}): Promise<Suite> {
  const environment = await createTestEnvironment();
  try {
    const { env } = environment;
    environment.track(await createIdentityApp({ ...env, ...variables(options.identity, env) }));
    environment.track(
      await createMessagingApp({ ...env, MESSAGING_HTTP_PORT: '0', ...variables(options.messaging, env) }),
    );
    environment.track(
      await createCalendarApp({ ...env, CALENDAR_HTTP_PORT: '0', ...variables(options.calendar, env) }),
    );
    // Tracked before files, so cleanup (last first) stops files before its S3.
    const s3 = environment.track(await startTestS3());
    environment.track(
      await createFilesApp({ ...env, FILES_HTTP_PORT: '0', ...s3.env, ...variables(options.files, env) }),
    );
    let mail: SmtpSink | undefined;
    if (options.mail) {
      mail = environment.track(await startSmtpSink());
      environment.track(
        await createNotificationsApp({
          ...env,
          NOTIFICATIONS_HTTP_PORT: '0',
          SMTP_URL: mail.url,
          MAIL_POLL_INTERVAL_MS: '100',
          ...variables(options.notifications, env),
        }),
      );
    }
    const gateway = environment.track(
      await createGatewayApp({ ...env, ...UNLIMITED, ...variables(options.gateway, env) }),
    );
    return { url: gateway.url, environment, mail, s3, close: () => environment.cleanup() };
  } catch (error) {
    await environment.cleanup();
    throw error;
  }
}
