import { generateVAPIDKeys } from 'web-push';
import type { Logger } from '@vv/platform';
import type { NotificationsConfig } from '../config';

/** The key pair (base64url) and subject that sign Web Push requests (RFC 8292). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The Nest token of the VapidKeys in use. */
export const VAPID_KEYS = Symbol('VapidKeys');

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const decodedLength = (value: string): number =>
  BASE64URL.test(value) ? Buffer.from(value, 'base64url').length : -1;

/**
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set (both, valid); in production they are required.
 * Elsewhere, when both are unset, a pair is generated for this process and the log says so:
 * browsers subscribed with it stop receiving pushes when the process restarts.
 */
export function resolveVapidKeys(
  config: Pick<NotificationsConfig, 'NODE_ENV' | 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT'>,
  logger: Logger,
): VapidKeys {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = config;
  if (publicKey && privateKey) {
    if (decodedLength(publicKey) !== 65) {
      throw new Error('VAPID_PUBLIC_KEY must be base64url of an uncompressed P-256 public key (65 bytes)');
    }
    if (decodedLength(privateKey) !== 32) {
      throw new Error('VAPID_PRIVATE_KEY must be base64url of a P-256 private key (32 bytes)');
    }
    return { publicKey, privateKey, subject };
  }
  if (publicKey || privateKey) {
    throw new Error('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
  }
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are required in production (generate a pair with `npx web-push generate-vapid-keys`)',
    );
  }
  const generated = generateVAPIDKeys();
  logger.warn(
    { publicKey: generated.publicKey },
    'VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY unset: generated a key pair for this process; push subscriptions made with it stop working at restart',
  );
  return { ...generated, subject };
}
