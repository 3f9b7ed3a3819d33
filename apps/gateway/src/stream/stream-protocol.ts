import { eventEnvelope } from '@vv/contracts';
import { parseBoundedJson } from '@vv/platform';
import type { RawData } from 'ws';
import { z } from 'zod';

/** The path of the WebSocket stream. */
export const STREAM_PATH = '/v1/stream';

/** Largest message a client may send (an access token fits many times over); larger closes 1009. */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** Close codes the stream uses (4xxx: ours, after the HTTP status they resemble). */
export const CLOSE = {
  /** The server is shutting down: reconnect (to another replica) and resume. */
  goingAway: { code: 1001, reason: 'server shutting down' },
  /** An unexpected failure on the server: reconnect and resume. */
  internal: { code: 1011, reason: 'internal error' },
  /** Identity cannot be reached right now: reconnect later and resume. */
  tryAgain: { code: 1013, reason: 'try again later' },
  /** Missing, invalid or expired access token; a revoked session or deleted account. */
  unauthenticated: { code: 4401, reason: 'unauthenticated' },
  /** The client did not read fast enough: its unsent data passed the limit. */
  slowConsumer: { code: 4008, reason: 'slow consumer' },
  /** Too many sockets or connection attempts for this user. */
  tooMany: { code: 4429, reason: 'too many connections' },
} as const;

export interface CloseReason {
  code: number;
  reason: string;
}

/** A stream id: the event's sequence in the `<PREFIX>_FEED` stream, as a decimal string. */
const streamId = z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'a stream id: the id of the last event received');

/** What a client may send, by kind; each description is the AsyncAPI message's summary. */
export const clientMessages = {
  auth: z
    .strictObject({ type: z.literal('auth'), token: z.string().min(1).max(8192) })
    .describe("In-band refresh: a new access token of the same user moves the socket's expiry"),
  resume: z
    .union([
      z.strictObject({ type: z.literal('resume'), after: streamId }),
      z.strictObject({ resume: streamId }),
    ])
    .describe('Replay every event after the id that the user may see, in order, then `resumed`'),
  ping: z.strictObject({ type: z.literal('ping') }).describe('Application-level keep-alive, answered `pong`'),
};
export const clientMessage = z.union([clientMessages.auth, clientMessages.resume, clientMessages.ping]);
export type ClientMessage = z.output<typeof clientMessage>;

const isoTime = z.iso.datetime();

/** What the server sends, by kind; each description is the AsyncAPI message's summary. */
export const serverMessages = {
  ready: z
    .object({ type: z.literal('ready'), lastId: z.string(), expiresAt: isoTime })
    .describe('Subscribed: `lastId` is the feed position, events after it follow.'),
  event: z
    .object({
      type: z.literal('event'),
      id: z.string(),
      event: eventEnvelope(z.unknown()),
      redacted: z.literal(true).optional(),
    })
    .describe("An event the user may see; `redacted` on a busy calendar event's copy without its details."),
  resumed: z
    .object({ type: z.literal('resumed'), lastId: z.string() })
    .describe('A resume replayed everything after the id it named up to `lastId`; live events follow.'),
  resync: z
    .object({
      type: z.literal('resync'),
      reason: z.enum(['window', 'too_many', 'unknown_id', 'overflow']),
    })
    .describe('A resume could not replay what was missed: reload state over REST; live events follow.'),
  authenticated: z
    .object({ type: z.literal('authenticated'), expiresAt: isoTime })
    .describe('An in-band token was accepted.'),
  pong: z.object({ type: z.literal('pong') }).describe('The answer to `ping`.'),
  error: z
    .object({ type: z.literal('error'), code: z.enum(['invalid', 'conflict']), message: z.string() })
    .describe('A client message was not understood (or a resume is already running); the socket stays open.'),
};
export type ServerMessage = z.input<(typeof serverMessages)[keyof typeof serverMessages]>;

/** Why a resume could not replay what was missed. */
export type ResyncReason = z.output<typeof serverMessages.resync>['reason'];

export const frame = (message: ServerMessage): string => JSON.stringify(message);

/** The `after` of a resume message, either spelling. */
export const resumeAfter = (message: ClientMessage): string | null =>
  'resume' in message ? message.resume : message.type === 'resume' ? message.after : null;

/** The text of a WebSocket message, however `ws` delivered it. */
export const textOf = (data: RawData): string => {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
};

/** A client message, or why it is not one (depth-bounded before anything else reads it). */
export function parseClientMessage(text: string): ReturnType<typeof clientMessage.safeParse> {
  let json: unknown;
  try {
    json = parseBoundedJson(text);
  } catch {
    json = undefined;
  }
  return clientMessage.safeParse(json);
}

/** Whether a message asks for a resume (checked when it arrives, before its turn comes). */
export function asksToResume(data: RawData, isBinary: boolean): boolean {
  if (isBinary) return false;
  const parsed = parseClientMessage(textOf(data));
  return parsed.success && resumeAfter(parsed.data) !== null;
}
