import { generateVAPIDKeys } from 'web-push';
import type { Logger } from '@vv/platform';
import { resolveVapidKeys } from './vapid-keys';

const subject = 'mailto:ops@example.com';

describe('VAPID keys', () => {
  const warnings: unknown[] = [];
  const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;

  beforeEach(() => warnings.splice(0));

  it('uses the configured pair', () => {
    const pair = generateVAPIDKeys();
    const config = {
      NODE_ENV: 'production' as const,
      VAPID_PUBLIC_KEY: pair.publicKey,
      VAPID_PRIVATE_KEY: pair.privateKey,
      VAPID_SUBJECT: subject,
    };
    expect(resolveVapidKeys(config, logger)).toEqual({ ...pair, subject });
    expect(warnings).toEqual([]);
  });

  it('requires a pair in production, and both halves of it anywhere', () => {
    expect(() => resolveVapidKeys({ NODE_ENV: 'production', VAPID_SUBJECT: subject }, logger)).toThrow(
      /required in production/,
    );
    expect(() =>
      resolveVapidKeys(
        { NODE_ENV: 'development', VAPID_PUBLIC_KEY: generateVAPIDKeys().publicKey, VAPID_SUBJECT: subject },
        logger,
      ),
    ).toThrow(/both/);
    expect(() =>
      resolveVapidKeys(
        {
          NODE_ENV: 'development',
          VAPID_PUBLIC_KEY: 'abc',
          VAPID_PRIVATE_KEY: 'def',
          VAPID_SUBJECT: subject,
        },
        logger,
      ),
    ).toThrow(/VAPID_PUBLIC_KEY/);
  });

  it('generates a pair for the process elsewhere, and says so', () => {
    const keys = resolveVapidKeys({ NODE_ENV: 'development', VAPID_SUBJECT: subject }, logger);
    expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain(keys.privateKey);
  });
});
