import { z } from 'zod';
import { isoTimestamp, uuid } from '../../common/schemas';
import { outboundUrl } from '../outbound-url/outbound-url.schema';

/** Longest push endpoint URL, in characters. */
export const PUSH_ENDPOINT_MAX = 2048;

/** Base64url (RFC 4648 §5, padding allowed) of an uncompressed P-256 point: 65 bytes, the first 0x04. */
const P256_POINT = /^B[A-Za-z0-9_-]{86}=?$/;
/** Base64url of 16 bytes. */
const AUTH_SECRET = /^[A-Za-z0-9_-]{22}(==)?$/;

/**
 * A browser's push subscription, as `PushSubscription.toJSON()` gives it: the push service's
 * endpoint and the keys that encrypt payloads (RFC 8291). `endpoint` must be https (plain http and
 * private addresses only where the service allows them, for tests), read alike by every parser.
 */
export const pushSubscriptionFields = z.strictObject({
  endpoint: outboundUrl(PUSH_ENDPOINT_MAX),
  /** Sent by browsers; ignored. */
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    /** The subscription's P-256 public key (65 bytes, uncompressed). */
    p256dh: z.string().regex(P256_POINT, 'base64url of an uncompressed P-256 public key (65 bytes)'),
    /** The subscription's authentication secret (16 bytes). */
    auth: z.string().regex(AUTH_SECRET, 'base64url of a 16-byte authentication secret'),
  }),
});
export type PushSubscriptionFields = z.output<typeof pushSubscriptionFields>;

/** A stored push subscription of the caller (its keys are never returned). */
export const pushSubscription = z.object({
  id: uuid,
  endpoint: z.string(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type PushSubscription = z.output<typeof pushSubscription>;

/**
 * What a push message carries (encrypted for the subscription): enough for a service worker to
 * fetch and show the notification. Use `notificationId` as the shown notification's `tag`, so a
 * retried push replaces rather than repeats it.
 */
export const pushPayload = z.object({
  notificationId: uuid,
  kind: z.string(),
  villageId: uuid.nullable(),
});
export type PushPayload = z.output<typeof pushPayload>;
