import type { AppRoles } from '@vv/access';
import type { Actor } from '@vv/platform';
import { WebSocket } from 'ws';
import type { Viewer } from './audience';
import type { FeedItem } from './feed-item';
import type { DropReason, StreamMetrics } from './stream-metrics';
import { CLOSE, frame, type CloseReason, type ServerMessage } from './stream-protocol';

/** How long a closed socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 5000;
/** Longest timer Node accepts; a token's expiry further out is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often a replay checks whether the socket drained. */
const DRAIN_POLL_MS = 10;

export interface ConnectionDeps {
  appRoles: () => AppRoles;
  maxBufferedBytes: number;
  /** Events held while loading (and live frames held while replaying) beyond this close the socket. */
  maxHeldEvents: number;
  metrics: StreamMetrics;
}

/**
 * `loading`: its memberships are being read; feed events are held.
 * `live`: feed events are decided and sent as they come.
 * `replaying`: a resume is replaying; live events are decided as they come, their frames held.
 */
export type ConnectionMode = 'loading' | 'live' | 'replaying';

/** One stream socket: whose it is, their current roles, and the sending rules (backpressure). */
export class StreamConnection implements Viewer {
  readonly roles = new Map<string, string>();
  mode: ConnectionMode = 'loading';
  /**
   * A resume was asked for before the socket was live (`?resume=`, or a message sent while it
   * loaded): it goes from loading straight to replaying, so no live event is sent ahead of the
   * replay — nothing repeats and ids only increase.
   */
  resumeOnActivate = false;
  /** Answered the last heartbeat (a pong or any message since the last ping). */
  alive = true;
  /** Live events with an id at or below this are not sent (a resume named an id this replica had not reached). */
  floor = 0;
  /** Requests from the client are handled one after another, after the connection is loaded. */
  work: Promise<void> = Promise.resolve();
  private held: FeedItem[] = [];
  private replayHeld: Array<{ seq: number; frame: string }> = [];
  private replayHeldBytes = 0;
  private replayOverflowed = false;
  private closed = false;
  private expiryTimer?: NodeJS.Timeout;

  constructor(
    readonly socket: WebSocket,
    public actor: Actor,
    public expiresAt: number,
    /** The feed position when the socket was registered: what `ready` names. */
    readonly startPosition: number,
    private readonly deps: ConnectionDeps,
  ) {}

  get userId(): string {
    return this.actor.userId;
  }

  get appRoles(): AppRoles {
    return this.deps.appRoles();
  }

  get isClosed(): boolean {
    return this.closed || this.socket.readyState !== WebSocket.OPEN;
  }

  roleIn(villageId: string): string | null {
    return this.roles.get(villageId) ?? null;
  }

  /** Holds a feed event while loading; false when too many are held. */
  hold(item: FeedItem): boolean {
    this.held.push(item);
    return this.held.length <= this.deps.maxHeldEvents;
  }

  takeHeld(): FeedItem[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** A live event's frame: sent now, or held while a resume replays (too many held: the resume ends in resync). */
  offerLive(seq: number, eventFrame: string): void {
    if (seq <= this.floor) return;
    if (this.mode === 'live') {
      this.send(eventFrame, 'live');
      return;
    }
    if (this.mode !== 'replaying' || this.replayOverflowed) return;
    this.replayHeldBytes += Buffer.byteLength(eventFrame);
    if (
      this.replayHeldBytes > this.deps.maxBufferedBytes ||
      this.replayHeld.length >= this.deps.maxHeldEvents
    ) {
      this.replayOverflowed = true;
      this.replayHeld = [];
      this.replayHeldBytes = 0;
      return;
    }
    this.replayHeld.push({ seq, frame: eventFrame });
  }

  startReplay(): void {
    this.mode = 'replaying';
    this.replayOverflowed = false;
  }

  get replayOverflow(): boolean {
    return this.replayOverflowed;
  }

  /** Ends a replay: `message` (resumed or resync), then the live frames held meanwhile, then live. */
  finishReplay(message: ServerMessage, floor: number): void {
    const held = this.replayOverflowed ? [] : this.replayHeld;
    this.replayHeld = [];
    this.replayHeldBytes = 0;
    this.replayOverflowed = false;
    this.floor = Math.max(this.floor, floor);
    this.mode = 'live';
    this.send(frame(message));
    for (const item of held) if (item.seq > this.floor) this.send(item.frame, 'live');
  }

  /**
   * Sends a frame unless the client has stopped reading: with more than the limit already unsent,
   * the socket is closed 4008 instead, so a slow client never grows the gateway's memory.
   */
  send(data: string, delivered?: 'live' | 'replay'): boolean {
    if (this.isClosed) return false;
    if (this.socket.bufferedAmount > this.deps.maxBufferedBytes) {
      this.close(CLOSE.slowConsumer, 'slow_consumer');
      return false;
    }
    this.socket.send(data);
    if (delivered) this.deps.metrics.deliveredOne(delivered);
    return true;
  }

  /** Waits until at most `bytes` are unsent (a replay's pace); false when the socket closed or it took too long. */
  async drainedTo(bytes: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.socket.bufferedAmount > bytes) {
      if (this.isClosed || Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    return !this.isClosed;
  }

  /** Closes the socket at the token's expiry, unless a new token arrives first. */
  scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const wait = this.expiresAt - Date.now();
    if (wait <= 0) {
      this.close({ ...CLOSE.unauthenticated, reason: 'token expired' }, 'token_expired');
      return;
    }
    this.expiryTimer = setTimeout(() => this.scheduleExpiry(), Math.min(wait, MAX_TIMER_MS));
    this.expiryTimer.unref();
  }

  /** Closes with a code the client sees; cut after a grace period if the client never answers the close. */
  close(reason: CloseReason, drop?: DropReason): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.held = [];
    this.replayHeld = [];
    if (drop) this.deps.metrics.dropped(drop);
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(reason.code, reason.reason);
      setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
    }
  }

  /** Cuts the connection without a close frame (a dead peer: missed heartbeat). */
  terminate(drop: DropReason): void {
    if (!this.closed) this.deps.metrics.dropped(drop);
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.socket.terminate();
  }
}
