import 'reflect-metadata';
// The e2e project is the one place that imports apps (allowed in eslint.config.mjs for this folder only).
import { createGatewayApp } from '@vv/gateway';
import { createIdentityApp } from '@vv/identity';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';

export interface Suite {
  /** The gateway's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  environment: TestEnvironment;
  /** Stops both apps, drops the database and the streams. */
  close(): Promise<void>;
}

export interface SuiteOptions {
  /** Variables for the gateway on top of the suite's. */
  gateway?: Record<string, string>;
  /** Variables for identity on top of the suite's. */
  identity?: Record<string, string>;
}

/**
 * Generous gateway limits, so a file's requests (all from 127.0.0.1) are limited only where a
 * test means them to be; the limits themselves are tested with a dedicated boot.
 */
const UNLIMITED = {
  RATE_LIMIT_IP_PER_MINUTE: '100000',
  RATE_LIMIT_AUTH_IP_PER_MINUTE: '100000',
  RATE_LIMIT_USER_PER_MINUTE: '100000',
};

/** Boots identity then the gateway in-process against a fresh database and subject prefix. */
export async function bootSuite(options: SuiteOptions = {}): Promise<Suite> {
  const environment = await createTestEnvironment();
  try {
    environment.track(await createIdentityApp({ ...environment.env, ...options.identity }));
    const gateway = environment.track(
      await createGatewayApp({ ...environment.env, ...UNLIMITED, ...options.gateway }),
    );
    return { url: gateway.url, environment, close: () => environment.cleanup() };
  } catch (error) {
    await environment.cleanup();
    throw error;
  }
}
