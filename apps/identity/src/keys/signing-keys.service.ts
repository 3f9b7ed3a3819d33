import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ACCESS_TOKEN_ALGORITHM } from '@vv/contracts';
import { CONFIG, LOGGER, type Logger } from '@vv/platform';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { IdentityConfig } from '../config';
import { canStillSign, KEY_CHECK_INTERVAL_MS, keyLifetimes } from './key-rotation.policy';
import { KeysRepository, type SigningKeyCandidate } from './keys.repository';

export interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
  /** Epoch milliseconds after which this key no longer signs. */
  notAfter: number;
}

/**
 * Keeps the current signing key in memory. At start and every hour (and whenever the cached key
 * reaches its not_after) it asks the database for the current key, offering a freshly generated
 * one that is stored only when no current key exists.
 */
@Injectable()
export class SigningKeys implements OnModuleInit, OnModuleDestroy {
  private current?: SigningKey;
  private loading?: Promise<SigningKey>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: KeysRepository,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => {
        this.logger.error({ err: error }, 'signing key check failed; retried within the hour');
      });
    }, KEY_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The key to sign with now. */
  async signingKey(): Promise<SigningKey> {
    const cached = this.current;
    if (cached && canStillSign(cached, Date.now())) return cached;
    return this.refresh();
  }

  /** Reloads the current key from the database, creating it there when none is current. */
  refresh(): Promise<SigningKey> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<SigningKey> {
    const row = await this.repository.ensureSigningKey(await newCandidate(), keyLifetimes(this.config));
    const previous = this.current;
    if (previous?.kid === row.kid) {
      this.current = { ...previous, notAfter: Date.parse(row.notAfter) };
    } else {
      this.current = {
        kid: row.kid,
        privateKey: await importJWK(row.privateJwk, ACCESS_TOKEN_ALGORITHM),
        notAfter: Date.parse(row.notAfter),
      };
      this.logger.info(
        { kid: row.kid, notAfter: row.notAfter, previous: previous?.kid },
        'signing key loaded',
      );
    }
    return this.current;
  }
}

/** A new Ed25519 key pair as JWKs, with a random kid. */
async function newCandidate(): Promise<SigningKeyCandidate> {
  const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  const kid = randomBytes(12).toString('base64url');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALGORITHM };
  return { kid, alg: ACCESS_TOKEN_ALGORITHM, publicJwk, privateJwk };
}
