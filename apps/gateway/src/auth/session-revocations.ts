import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  DeliverPolicy,
  jetstream,
  JetStreamApiError,
  type Consumer,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import {
  eventEnvelope,
  eventSubject,
  sessionRevoked,
  userDeleted,
  type EventDataOf,
  type EventDefinition,
} from '@vv/contracts';
import {
  backoffDelayMs,
  CONFIG,
  ensureServiceStream,
  LOGGER,
  NATS,
  parseBoundedJsonBytes,
  type BackoffPolicy,
  type Logger,
  type NatsConnection,
} from '@vv/platform';
import type { GatewayConfig } from '../config';
import { SessionDenylist } from './session-denylist';

/** Wait before following again after a follower ended unexpectedly: 1 s, doubling to 10 s while it fails. */
const RESTART: BackoffPolicy = { firstMs: 1000, maxMs: 10_000 };

/**
 * Where a follower starts: always a stream sequence — the first message of the last token lifetime
 * (found by its time), then the next one after an interruption. Never a start time: the ordered
 * consumer's own reset moves to a sequence, which JetStream refuses next to a start time.
 */
type StartAt = { seq: number };

interface Follower {
  consumer: Consumer;
  messages: ConsumerMessages;
  loop?: Promise<void>;
}

/**
 * Keeps this replica's SessionDenylist current from identity's `session.revoked` and `user.deleted`
 * events: one ordered consumer per subject on identity's stream, started an access-token lifetime
 * back, so a replica that starts after a logout refuses that session's tokens too. Start waits until
 * that history is applied, so a replica never serves a request with a partial denylist.
 */
@Injectable()
export class SessionRevocations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly followers = new Set<Follower>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly denylist: SessionDenylist,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { jsm, stream } = await ensureServiceStream(this.nc, this.config.SUBJECT_PREFIX, 'identity');
    const since = {
      seq: await firstSequenceSince(
        jsm,
        stream,
        Date.now() - this.config.ACCESS_TOKEN_TTL_SECONDS * 1000 - 60_000,
      ),
    };
    await Promise.all([
      this.follow(jsm, stream, sessionRevoked, since, (data, at) =>
        this.denylist.revokeSession(data.sessionId, at),
      ),
      this.follow(jsm, stream, userDeleted, since, (data, at) => this.denylist.deleteUser(data.userId, at)),
    ]);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const timer of this.restarts) clearTimeout(timer);
    const followers = [...this.followers];
    this.followers.clear();
    await Promise.all(
      followers.map(async ({ consumer, messages, loop }) => {
        await messages.close();
        await loop;
        await consumer.delete().catch(() => undefined);
      }),
    );
  }

  /**
   * Applies every event of `def` from `from` on (a time at start, the next stream sequence after an
   * interruption), resolving once those already stored are applied.
   */
  private async follow<E extends EventDefinition>(
    jsm: JetStreamManager,
    stream: string,
    def: E,
    from: StartAt,
    apply: (data: EventDataOf<E>, at: number) => void,
  ): Promise<void> {
    const subject = eventSubject(this.config.SUBJECT_PREFIX, def);
    const last = await lastSequenceOf(jsm, stream, subject);
    const consumer = await jetstream(this.nc).consumers.get(stream, {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from.seq,
    });
    const messages = await consumer.consume();
    let caughtUp!: () => void;
    const applied = new Promise<void>((resolve) => (caughtUp = resolve));
    if (last === 0) caughtUp();
    let next = from;
    const follower: Follower = { consumer, messages };
    this.followers.add(follower);
    follower.loop = (async () => {
      try {
        for await (const msg of messages) {
          this.applyMessage(def, msg, apply);
          next = { seq: msg.info.streamSequence + 1 };
          if (msg.info.streamSequence >= last) caughtUp();
        }
      } catch (error) {
        this.logger.error({ err: error, subject }, 'session revocations failed');
      }
      caughtUp();
      this.followers.delete(follower);
      if (this.stopping) return;
      this.logger.error({ subject }, 'session revocations ended unexpectedly; following again');
      this.followAgain(jsm, stream, def, next, apply, 1);
    })();
    await applied;
  }

  /** Follows again after the `attempt`-th wait of RESTART, and keeps trying (backing off) while NATS is away. */
  private followAgain<E extends EventDefinition>(
    jsm: JetStreamManager,
    stream: string,
    def: E,
    from: StartAt,
    apply: (data: EventDataOf<E>, at: number) => void,
    attempt: number,
  ): void {
    const timer = setTimeout(
      () => {
        this.restarts.delete(timer);
        if (this.stopping) return;
        this.follow(jsm, stream, def, from, apply).catch((error: unknown) => {
          this.logger.warn(
            { err: error, def: def.name },
            'could not follow session revocations yet; retrying',
          );
          this.followAgain(jsm, stream, def, from, apply, attempt + 1);
        });
      },
      backoffDelayMs(attempt, RESTART),
    );
    this.restarts.add(timer);
  }

  /** Applies one event (a message that is not one is logged and skipped). */
  private applyMessage<E extends EventDefinition>(
    def: E,
    msg: JsMsg,
    apply: (data: EventDataOf<E>, at: number) => void,
  ): void {
    let json: unknown;
    try {
      json = parseBoundedJsonBytes(msg.data);
    } catch {
      json = undefined;
    }
    const parsed = eventEnvelope(def.data).safeParse(json);
    if (!parsed.success) {
      this.logger.warn({ subject: msg.subject }, 'skipped a malformed revocation event');
      return;
    }
    apply(parsed.data.data as EventDataOf<E>, Date.parse(parsed.data.occurredAt));
  }
}

/**
 * The first sequence of `stream` stored at or after `time` (the last one + 1 when none is): a binary
 * search on the messages' times, which only grow with the sequence. A missing message counts as
 * late enough, so the search can only start earlier than needed — never miss a revocation.
 */
async function firstSequenceSince(jsm: JetStreamManager, stream: string, time: number): Promise<number> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return state.last_seq + 1;
  let low = Math.max(1, state.first_seq);
  let high = state.last_seq + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const stored = await jsm.streams.getMessage(stream, { seq: middle }).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.status === 404) return null;
      throw error;
    });
    if (stored && stored.time.getTime() < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The sequence of the last message on `subject` in `stream`, 0 when there is none. */
async function lastSequenceOf(jsm: JetStreamManager, stream: string, subject: string): Promise<number> {
  try {
    const message = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    return message?.seq ?? 0;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.status === 404) return 0;
    throw error;
  }
}
