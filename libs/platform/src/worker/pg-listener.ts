import { Client } from 'pg';
import type { Logger } from 'pino';
import { SESSION_OPTIONS } from '../db/database';
import { backoffDelayMs, type BackoffPolicy } from '../retry/backoff-policy';

export interface PgListenerOptions {
  databaseUrl: string;
  /** The NOTIFY channel, e.g. `notifications_mail`. */
  channel: string;
  applicationName: string;
  /** A notification arrived, or the session (re)connected and may have missed some. */
  onNotify(): void;
  logger: Logger;
}

/** Reconnects after a lost session: 0.5–1 s, doubling to 15–30 s. */
const RECONNECT: BackoffPolicy = { firstMs: 1000, maxMs: 30_000, jitter: 'equal' };

/**
 * A PostgreSQL session of its own (LISTEN cannot use a pooled connection) that LISTENs on one
 * channel and reconnects when it is lost. A worker still polls: a notification sent while this
 * session was down is lost, so a (re)connect also counts as one.
 */
export class PgListener {
  private client?: Client;
  private stopped = false;
  private failures = 0;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(private readonly options: PgListenerOptions) {}

  /** Resolves after the first attempt to listen; a failed one is retried in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { databaseUrl, channel, applicationName, logger } = this.options;
    const client = new Client({
      connectionString: databaseUrl,
      application_name: applicationName,
      options: SESSION_OPTIONS,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', () => this.options.onNotify());
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen "${channel}"`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return; // stopped meanwhile: stop() closed it
    this.failures = 0;
    this.options.onNotify();
    logger.debug({ channel }, 'listening for queue notifications');
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.failures += 1;
    const delay = backoffDelayMs(this.failures, RECONNECT);
    if (this.failures === 1) {
      this.options.logger.warn(
        { err: error, channel: this.options.channel },
        'queue listener lost its PostgreSQL session; polling until it is back',
      );
    }
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
