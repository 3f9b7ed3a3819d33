import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a delivery's signature. */
export const SIGNATURE_HEADER = 'x-village-signature';

/** Hex HMAC-SHA256 of `<t>.<body>` with the webhook's secret. */
export const signatureOf = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** `t=<unix seconds>,v1=<hex hmac-sha256 of "t.body">`: the value of X-Village-Signature. */
export const signatureHeader = (secret: string, body: string, now: Date = new Date()): string => {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
};

/**
 * What a receiver does (documented in the README): parse `t` and every `v1`, refuse a timestamp
 * further than `toleranceSeconds` from now (replays), compare in constant time.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value, 'hex'), expected));
}
