import { jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { BatchHandler } from './batch-handler';
import { aborted, backoffDelayMs, pause, type CappedBackoff } from './capped-backoff';
import { ConsumerMetrics } from './consumer-metrics';
import { ensureDeadLetterStream } from './dead-letter';
import { durableConsumerConfig, ensureDurableConsumer, type DurableConsumerSpec } from './durable-consumer';
import type { EventConsumerOptions } from './event-consumer-options';
import { HeldMessages } from './held-messages';
import { purgeInbox } from './inbox-purge';
import { reasonOf } from './parse-envelope';
import { samplePending } from './pending-sampler';
import { runPeriodically, type Periodic } from './periodic';

const DEFAULT_BACKOFF_MS = [5000, 30_000, 120_000, 600_000];
const DEFAULT_INFRASTRUCTURE_RETRY: CappedBackoff = { firstMs: 200, maxMs: 5000 };
/**
 * Messages JetStream hands out unacked (across replicas): the flow control. Events waiting for a
 * nak's delay count too, so it is well above a batch: failing events do not stall the others.
 */
const MAX_ACK_PENDING = 1000;
/** Status events worth a log line (the iterator ends by itself on a deleted consumer or stream). */
const LOGGED_STATUSES = new Set([
  'heartbeats_missed',
  'consumer_deleted',
  'consumer_not_found',
  'stream_not_found',
]);

/** One start of the consumer: stopped through `abort`, consuming through the current `messages`. */
interface Run {
  abort: AbortController;
  messages?: ConsumerMessages;
  supervisor?: Promise<void>;
  tasks: Periodic[];
}

/**
 * A durable JetStream pull consumer with an inbox: events are applied in batches, each batch's
 * effects and inbox rows in one transaction, so a redelivery is a no-op (failures: BatchHandler).
 * It heals itself: when its message iterator ends — the durable consumer or its stream deleted, a
 * pull refused — it starts over after a capped backoff, recreating what is missing, with a log line
 * and `vv_consumer_restarts_total`. It samples its lag into the metrics and purges its inbox rows
 * once their events are past the stream's retention.
 */
export class EventConsumer {
  private readonly spec: DurableConsumerSpec;
  private readonly batchSize: number;
  private readonly retry: CappedBackoff;
  private readonly metrics: ConsumerMetrics;
  private readonly batches: BatchHandler;
  private run?: Run;

  constructor(private readonly options: EventConsumerOptions) {
    if (!new RegExp(`^${options.service}-[a-z0-9][a-z0-9-]*$`).test(options.name)) {
      throw new Error(
        `Consumer name ${options.name} must be <service>-<purpose>, e.g. ${options.service}-members`,
      );
    }
    const maxDeliver = options.maxDeliver ?? 5;
    const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    if (backoffMs.length >= maxDeliver && options.backoffMs) {
      throw new Error(`${options.name}: maxDeliver (${maxDeliver}) must be greater than the backoff steps`);
    }
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    this.retry = options.infrastructureRetry ?? DEFAULT_INFRASTRUCTURE_RETRY;
    this.spec = {
      stream: options.stream,
      name: options.name,
      filterSubject: options.filterSubject,
      maxDeliver,
      ackWaitMs: options.ackWaitMs ?? 10_000,
      maxAckPending: Math.max(MAX_ACK_PENDING, this.batchSize * 4),
    };
    durableConsumerConfig(this.spec); // fails fast on an invalid combination
    this.metrics = new ConsumerMetrics(options.metrics, options.name);
    this.batches = new BatchHandler(
      options,
      { maxDeliver, backoffMs, infrastructureRetry: this.retry },
      this.metrics,
    );
  }

  /** Creates the dead-letter stream and the durable consumer if needed, then consumes. */
  async start(): Promise<void> {
    if (this.run) return;
    const messages = await this.open();
    const run: Run = { abort: new AbortController(), messages, tasks: [] };
    this.run = run;
    run.supervisor = this.supervise(run, messages);
    const { nc, db, schema, logger } = this.options;
    const target = { nc, stream: this.spec.stream, consumer: this.spec.name, metrics: this.metrics };
    run.tasks.push(
      runPeriodically(this.options.pendingSampleMs ?? 5000, () =>
        samplePending({ ...target, onMissing: () => void run.messages?.close() }),
      ),
    );
    const purgeEvery = this.options.inboxPurgeIntervalMs ?? 3600_000;
    if (purgeEvery > 0) {
      run.tasks.push(runPeriodically(purgeEvery, () => purgeInbox({ ...target, db, schema, logger })));
    }
  }

  /** Stops pulling; resolves after the batch in hand is handled. Messages not yet handled are handed back. */
  async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    run.abort.abort();
    await Promise.all(run.tasks.map((task) => task.stop()));
    await run.messages?.close();
    await run.supervisor;
  }

  private async open(): Promise<ConsumerMessages> {
    const { nc, prefix } = this.options;
    const jsm = await jetstreamManager(nc);
    await ensureDeadLetterStream(jsm, prefix);
    await ensureDurableConsumer(jsm, this.spec);
    const consumer = await jetstream(nc).consumers.get(this.spec.stream, this.spec.name);
    // Ends the iterator when the durable consumer or its stream is gone, so the consumer starts over.
    return consumer.consume({ max_messages: this.batchSize, abort_on_missing_resource: true });
  }

  /** Consumes until stopped, starting over (after a capped backoff) whenever a session ends. */
  private async supervise(run: Run, first: ConsumerMessages): Promise<void> {
    let opened: ConsumerMessages | undefined = first;
    let failures = 0;
    while (!run.abort.signal.aborted) {
      const began = Date.now();
      const reason = await this.session(run, opened);
      opened = undefined;
      if (aborted(run.abort.signal)) return;
      if (this.options.nc.isClosed()) {
        // The app is shutting down without having stopped its consumer: nothing left to start over on.
        this.options.logger.warn(
          { consumer: this.spec.name, reason },
          'event consumer stopped: NATS connection closed',
        );
        return;
      }
      // A session that ran a while was a success: the next restart starts from the shortest wait.
      failures = Date.now() - began > this.retry.maxMs ? 1 : failures + 1;
      const delay = backoffDelayMs(failures, this.retry);
      this.metrics.restarted();
      this.options.logger.warn(
        { consumer: this.spec.name, reason, failures, restartInMs: delay },
        'event consumer stopped; starting over',
      );
      await pause(delay, run.abort.signal);
    }
  }

  /** One life of the consumer: opened (unless given), consumed until its iterator ends; why it ended. */
  private async session(run: Run, opened?: ConsumerMessages): Promise<string> {
    let messages = opened;
    try {
      messages ??= await this.open();
    } catch (error) {
      return `cannot start: ${reasonOf(error)}`;
    }
    run.messages = messages;
    if (run.abort.signal.aborted) {
      await messages.close();
      return 'stopped';
    }
    void this.watch(messages);
    const held = new HeldMessages(this.spec.ackWaitMs);
    const pumped = this.pump(messages, held);
    try {
      await this.work(held, run.abort.signal);
    } finally {
      held.close();
    }
    return pumped;
  }

  /** Moves every delivered message into `held` (flow control is JetStream's max_ack_pending). */
  private async pump(messages: ConsumerMessages, held: HeldMessages): Promise<string> {
    try {
      for await (const msg of messages) held.add(msg);
      return 'message iterator ended';
    } catch (error) {
      return `message iterator failed: ${reasonOf(error)}`;
    } finally {
      held.end();
    }
  }

  /** Handles batches of what is held, in delivery order, until the pump ends or the consumer stops. */
  private async work(held: HeldMessages, signal: AbortSignal): Promise<void> {
    for (;;) {
      const batch = await held.take(this.batchSize);
      if (!batch) return;
      if (signal.aborted) {
        held.giveBack(batch);
        return;
      }
      try {
        await this.batches.handle(batch, { held, signal });
      } catch (error) {
        // Not a failure of an event (those are settled inside): left to JetStream's redelivery.
        for (const msg of batch) held.release(msg);
        this.options.logger.error(
          { err: error, consumer: this.spec.name },
          'event batch could not be handled',
        );
      }
    }
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const status of messages.status()) {
        if (LOGGED_STATUSES.has(status.type)) {
          this.options.logger.warn({ consumer: this.spec.name, status }, 'event consumer status');
        }
      }
    } catch {
      // The status stream ends with the consumer.
    }
  }
}
