import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  DeliverPolicy,
  jetstream,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamInfo,
} from '@nats-io/jetstream';
import { eventEnvelope, type EventEnvelope } from '@vv/contracts';
import {
  CONFIG,
  ensureFeedStream,
  LOGGER,
  NATS,
  parseBoundedJsonBytes,
  type Logger,
  type NatsConnection,
} from '@vv/platform';
import { z } from 'zod';
import type { GatewayConfig } from '../config';
import { StreamHub } from './stream-hub';
import { CLOSE } from './stream-protocol';

const envelopeSchema = eventEnvelope(z.unknown());

/** Messages pulled per replay request. */
const REPLAY_BATCH = 256;
/** A replay request that gets no message in this long ends the replay. */
const REPLAY_FETCH_EXPIRES_MS = 2000;
/** How long start waits for the feed's sources to be copied up, and how often it looks. */
const SOURCES_WAIT_MS = 10_000;
const SOURCES_POLL_MS = 50;
/** Wait before following the feed again after the live consumer ended unexpectedly. */
const RESTART_DELAY_MS = 1000;

export interface FeedEvent {
  seq: number;
  /** Null when the message is not an event envelope. */
  event: EventEnvelope | null;
}

/** The feed message as an event envelope, or null when it is not one (counted, sent to nobody). */
const envelopeOf = (msg: JsMsg): EventEnvelope | null => {
  try {
    const parsed = envelopeSchema.safeParse(parseBoundedJsonBytes(msg.data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/**
 * Reads `<PREFIX>_FEED` for this gateway replica: one ordered consumer from the stream's end
 * (no queue group, so every replica sees every event), handed to the hub in sequence order; and
 * temporary ordered consumers for resumes.
 */
@Injectable()
export class FeedConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private js?: JetStreamClient;
  private jsm?: JetStreamManager;
  private stream = '';
  private live?: Consumer;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;
  private restart?: NodeJS.Timeout;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly hub: StreamHub,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { jsm, stream } = await ensureFeedStream(
      this.nc,
      this.config.SUBJECT_PREFIX,
      this.config.STREAM_REPLAY_WINDOW_MS,
    );
    this.jsm = jsm;
    this.stream = stream;
    this.js = jetstream(this.nc);
    const last = (await this.sourcesCaughtUp()).state.last_seq;
    this.hub.startAt(last);
    await this.follow(last + 1);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    const { messages, loop, live } = this;
    this.messages = undefined;
    this.loop = undefined;
    this.live = undefined;
    await messages?.close();
    await loop;
    // Ordered consumers are ephemeral, but would linger on the server until their inactivity limit.
    await live?.delete().catch(() => undefined);
  }

  /** Reads the feed live from `from` on, one ordered consumer handing each event to the hub. */
  private async follow(from: number): Promise<void> {
    const consumer = await this.client().consumers.get(this.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
    });
    const messages = await consumer.consume();
    this.live = consumer;
    this.messages = messages;
    this.loop = this.run(messages);
    this.logger.info({ stream: this.stream, from }, 'stream feed followed');
  }

  /**
   * The feed's info once every source is connected and copied up (a new feed, or a new source, first
   * copies the window's history): followed from there on, that history is not mistaken for live events.
   */
  private async sourcesCaughtUp(): Promise<StreamInfo> {
    const deadline = Date.now() + SOURCES_WAIT_MS;
    for (;;) {
      const info = await this.manager().streams.info(this.stream);
      const sources = info.sources ?? [];
      if (sources.length > 0 && sources.every((source) => source.active >= 0 && source.lag === 0))
        return info;
      if (Date.now() > deadline) {
        this.logger.warn(
          { stream: this.stream, sources },
          'stream feed sources still catching up; following anyway',
        );
        return info;
      }
      await new Promise((resolve) => setTimeout(resolve, SOURCES_POLL_MS));
    }
  }

  /** The feed's first and last sequence now (first = last + 1 when it holds nothing). */
  async bounds(): Promise<{ first: number; last: number }> {
    const { state } = await this.manager().streams.info(this.stream);
    return { first: state.first_seq, last: state.last_seq };
  }

  /** The feed's events from `from` to `to` (both included), in order; stops early if the feed has fewer. */
  async *replay(from: number, to: number): AsyncGenerator<FeedEvent> {
    const consumer = await this.client().consumers.get(this.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
    });
    try {
      for (;;) {
        const batch = await consumer.fetch({ max_messages: REPLAY_BATCH, expires: REPLAY_FETCH_EXPIRES_MS });
        let received = 0;
        for await (const msg of batch) {
          received++;
          const seq = msg.info.streamSequence;
          if (seq > to) return;
          yield { seq, event: envelopeOf(msg) };
          if (seq >= to || msg.info.pending === 0) return;
        }
        if (received === 0) return;
      }
    } finally {
      // Ordered consumers are ephemeral, but would linger on the server until their inactivity limit.
      await consumer.delete().catch(() => undefined);
    }
  }

  private manager(): JetStreamManager {
    if (!this.jsm) throw new Error('The feed is not started');
    return this.jsm;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        this.hub.dispatch(msg.info.streamSequence, envelopeOf(msg));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'stream feed failed');
    }
    if (this.stopping) return;
    // The ordered consumer recovers from gaps and reconnects itself; if it still ends, sockets
    // may have missed events: close them (clients reconnect and resume) and follow again.
    this.logger.error('stream feed ended unexpectedly; closing stream sockets and following again');
    this.hub.closeAll(CLOSE.internal, 'feed_interrupted');
    this.restart = setTimeout(() => {
      this.follow(this.hub.lastId + 1).catch((error: unknown) => {
        this.logger.error({ err: error }, 'could not follow the stream feed again');
      });
    }, RESTART_DELAY_MS);
  }

  private client(): JetStreamClient {
    if (!this.js) throw new Error('The feed is not started');
    return this.js;
  }
}
