import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { runPeriodically, type Periodic } from '../consumer/periodic';
import type { Database } from '../db/database';
import { ServiceError } from '../errors/service-error';
import { PreparedJson } from '../transport/prepared-json';

/** How long a key holds its first answer; after that it is free again. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 3600;
/** Keys past their lifetime are deleted this often (the claim ignores them anyway). */
const PURGE_EVERY_MS = 3600 * 1000;

/** A command sent with an Idempotency-Key by a signed-in caller. */
export interface IdempotentCommand {
  userId: string;
  key: string;
  /** `<service>.<name>.v<version>`: the same key on another command is another request. */
  command: string;
  /** The validated request. */
  request: unknown;
}

interface Claim {
  fingerprint: string;
  response: unknown;
}

/** JSON with object keys sorted, so equal requests give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  // JSON.stringify gives undefined for undefined (an array's hole), which JSON writes as null.
  return value === undefined ? 'null' : JSON.stringify(value);
}

const fingerprintOf = ({ command, request }: IdempotentCommand): string =>
  createHash('sha256').update(command).update('\n').update(canonicalJson(request)).digest('hex');

/**
 * Runs a command at most once per caller and Idempotency-Key for 24 h: the key is claimed, the
 * command's writes made and its answer stored in one transaction of the service's own database
 * (`<schema>.idempotency_keys`). A retry — after a 504 that hid a committed write, say — gets the
 * first answer and creates nothing; a retry while the first is still running waits for it; the same
 * key with another request is `idempotency_key_reused` (422). A command that fails stores nothing,
 * so its retry runs again.
 */
export class IdempotencyKeys {
  private purging?: Periodic;

  constructor(
    private readonly db: Database,
    private readonly schema: string,
    private readonly logger: Logger,
  ) {}

  async run(command: IdempotentCommand, execute: () => Promise<unknown>): Promise<unknown> {
    const fingerprint = fingerprintOf(command);
    const { userId, key } = command;
    return this.db.withinTransaction(async (tx) => {
      const earlier = await tx.maybeOne<Claim>(`${this.schema}.claim_idempotency_key`, {
        userId,
        key,
        fingerprint,
        ttlSeconds: IDEMPOTENCY_KEY_TTL_SECONDS,
      });
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          throw new ServiceError(
            'idempotency_key_reused',
            'This Idempotency-Key was already used with another request; use a new key',
          );
        }
        return earlier.response;
      }
      const response = await execute();
      await tx.call(`${this.schema}.complete_idempotency_key`, {
        userId,
        key,
        response: response instanceof PreparedJson ? response.json : JSON.stringify(response ?? null),
      });
      return response;
    });
  }

  /** Starts deleting expired keys periodically. */
  start(): void {
    this.purging ??= runPeriodically(PURGE_EVERY_MS, () => this.purge());
  }

  /** No further purges (one in progress finishes on its own). */
  stop(): void {
    void this.purging?.stop();
  }

  private async purge(): Promise<void> {
    try {
      await this.db.call(`${this.schema}.purge_idempotency_keys`, {
        createdBefore: new Date(Date.now() - IDEMPOTENCY_KEY_TTL_SECONDS * 1000).toISOString(),
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotency key purge failed');
    }
  }
}
