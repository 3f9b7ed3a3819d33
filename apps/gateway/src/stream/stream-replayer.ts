import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, LOGGER, type Logger } from '@vv/platform';
import type { GatewayConfig } from '../config';
import { FeedConsumer } from './feed.consumer';
import { FeedItem } from './feed-item';
import type { StreamConnection } from './stream-connection';
import { StreamHub } from './stream-hub';
import { StreamMetrics } from './stream-metrics';
import { CLOSE, frame, type ResyncReason } from './stream-protocol';

/** A replay waits this long at most for the client to read what was sent before sending more. */
const REPLAY_DRAIN_TIMEOUT_MS = 10_000;

/**
 * `{"resume": "<id>"}`: replays the feed after `id` up to this replica's position to one socket,
 * with the audience rules applied to each event (with the socket's current roles), while its live
 * events are held; then `resumed` and the held events. When the id is older than the feed keeps,
 * too far back, or unknown — or too much arrived live meanwhile — the socket gets `resync` instead
 * (reload state over REST) and live events continue.
 */
@Injectable()
export class StreamReplayer {
  constructor(
    private readonly feed: FeedConsumer,
    private readonly hub: StreamHub,
    private readonly metrics: StreamMetrics,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async resume(connection: StreamConnection, after: number): Promise<void> {
    // A resume asked for while loading finds the socket already replaying (StreamHub.activate).
    const pending = connection.resumeOnActivate && connection.mode === 'replaying';
    connection.resumeOnActivate = false;
    if (!pending && connection.mode !== 'live') {
      connection.send(frame({ type: 'error', code: 'conflict', message: 'A resume is already running' }));
      return;
    }
    const target = this.hub.lastId;
    if (!pending) connection.startReplay();
    let resync: ResyncReason | null;
    try {
      resync = await this.replay(connection, after, target);
    } catch (error) {
      this.logger.error({ err: error, userId: connection.userId }, 'stream replay failed');
      connection.close(CLOSE.internal);
      return;
    }
    if (connection.isClosed) return;
    if (!resync && connection.replayOverflow) resync = 'overflow';
    this.metrics.resumed(resync ? 'resync' : 'resumed');
    const lastId = Math.max(after, target);
    connection.finishReplay(
      resync ? { type: 'resync', reason: resync } : { type: 'resumed', lastId: String(lastId) },
      resync ? 0 : lastId,
    );
  }

  /** Sends the events in (after, target]; why it could not, or null. */
  private async replay(
    connection: StreamConnection,
    after: number,
    target: number,
  ): Promise<ResyncReason | null> {
    if (after >= target) {
      // Nothing this replica has handed out is missed; an id beyond it must exist in the feed.
      if (after === target) return null;
      return after > (await this.feed.bounds()).last ? 'unknown_id' : null;
    }
    if (target - after > this.config.STREAM_REPLAY_MAX_EVENTS) return 'too_many';
    if (after + 1 < (await this.feed.bounds()).first) return 'window';
    const watermark = Math.floor(this.config.STREAM_MAX_BUFFERED_BYTES / 2);
    let expected = after + 1;
    for await (const { seq, event } of this.feed.replay(after + 1, target)) {
      if (connection.isClosed) return null;
      if (connection.replayOverflow) return 'overflow';
      // The feed has no holes but at its start, which moves as events age out.
      if (seq !== expected) return 'window';
      expected = seq + 1;
      if (!event) continue;
      const eventFrame = new FeedItem(seq, event).frameFor(connection);
      if (!eventFrame) continue;
      if (!(await connection.drainedTo(watermark, REPLAY_DRAIN_TIMEOUT_MS))) {
        connection.close(CLOSE.slowConsumer, 'slow_consumer');
        return null;
      }
      connection.send(eventFrame, 'replay');
    }
    return expected > target ? null : 'window';
  }
}
