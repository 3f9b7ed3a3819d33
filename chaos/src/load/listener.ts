import WebSocket from 'ws';

export interface Received {
  /** The feed id (`<PREFIX>_FEED` sequence). */
  feedId: number;
  type: string;
  /** `data.n` of a post of this run (`messaging.post.created`). */
  n?: number;
  /** The post a `topic_post` notification is about (`notifications.notification.created`). */
  notifiedPostId?: string;
  at: number;
}

interface StreamFrame {
  type?: string;
  id?: string;
  lastId?: string;
  reason?: string;
  code?: string;
  message?: string;
  event?: { type?: string; data?: Record<string, unknown> };
}

/** A frame that is not an event, or an event out of order: kept to explain a loss. */
export interface ControlFrame {
  at: number;
  type: string;
  /** `lastId` of ready/resumed, the id of an event out of order, the id resumed after (`connect`). */
  id?: string;
  detail?: string;
}

const textOf = (raw: WebSocket.RawData): string =>
  Array.isArray(raw)
    ? Buffer.concat(raw).toString()
    : Buffer.isBuffer(raw)
      ? raw.toString()
      : Buffer.from(raw).toString();

/** What the run needs of an event: the post's `data.n`, or the post a notification is about. */
function received(frame: StreamFrame, runId: string): Received {
  const data = frame.event?.data ?? {};
  const post = data.data as { chaosRun?: unknown; n?: unknown } | undefined;
  const subject = data.subject as { postId?: unknown } | undefined;
  return {
    feedId: Number(frame.id),
    type: frame.event?.type ?? '',
    n: post?.chaosRun === runId && typeof post.n === 'number' ? post.n : undefined,
    notifiedPostId:
      data.kind === 'topic_post' && typeof subject?.postId === 'string' ? subject.postId : undefined,
    at: Date.now(),
  };
}

/**
 * A client of `GET /v1/stream` as the API guide asks one to be: it keeps the last id it handled and,
 * whenever the socket closes (a gateway killed, NATS down), reconnects with a backoff and resumes
 * after that id (`?resume=`). It keeps every event it receives, so the run can tell an event never
 * sent (lost) from one sent twice (duplicated) or out of order: ids on a socket must only increase,
 * and a client that trusts them (skipping what is not above its last id) would drop such an event.
 */
export class StreamListener {
  readonly events: Received[] = [];
  /** Events whose id was not above the highest one before it (out of order, or repeated). */
  outOfOrder = 0;
  reconnects = 0;
  readonly resyncs: string[] = [];
  readonly closeCodes: Partial<Record<string, number>> = {};
  /** Connects, closes, ready/resumed/resync/error frames and ids out of order, in order (the first 1,000). */
  readonly log: ControlFrame[] = [];
  private lastId?: number;
  private socket?: WebSocket;
  private stopped = false;
  private retryMs = 500;

  constructor(
    readonly name: string,
    private readonly gatewayUrl: string,
    private readonly token: string,
    private readonly runId: string,
  ) {}

  /** Connects; resolves at the first `ready`. */
  start(): Promise<void> {
    return new Promise((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`${this.name}: no ready within 30 s`)), 30_000);
      this.connect(() => {
        clearTimeout(timer);
        ready();
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.terminate();
  }

  private connect(onReady?: () => void): void {
    const url = new URL('/v1/stream', this.gatewayUrl.replace(/^http/, 'ws'));
    if (this.lastId !== undefined) url.searchParams.set('resume', String(this.lastId));
    this.note({ type: 'connect', id: this.lastId === undefined ? undefined : String(this.lastId) });
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.token}` } });
    this.socket = socket;
    socket.on('message', (raw) => {
      const frame = JSON.parse(textOf(raw)) as StreamFrame;
      if (frame.type !== 'event' && frame.type !== 'pong')
        this.note({ type: frame.type ?? '?', id: frame.lastId, detail: frame.reason ?? frame.message });
      if (frame.type === 'ready') {
        this.retryMs = 500;
        this.lastId ??= Number(frame.lastId);
        onReady?.();
      } else if (frame.type === 'event') this.onEvent(frame);
      else if (frame.type === 'resync') this.resyncs.push(frame.reason ?? '');
    });
    socket.on('error', () => undefined); // a close follows
    socket.on('close', (code) => {
      this.closeCodes[code] = (this.closeCodes[code] ?? 0) + 1;
      this.note({ type: 'close', detail: String(code) });
      if (this.stopped) return;
      this.reconnects++;
      setTimeout(() => this.connect(onReady), this.retryMs);
      this.retryMs = Math.min(5000, this.retryMs * 2);
    });
  }

  private note(entry: Omit<ControlFrame, 'at'>): void {
    if (this.log.length < 1000) this.log.push({ at: Date.now(), ...entry });
  }

  private onEvent(frame: StreamFrame): void {
    const id = Number(frame.id);
    if (this.lastId !== undefined && id <= this.lastId) {
      this.outOfOrder++;
      this.note({ type: 'out of order', id: frame.id });
    }
    this.lastId = Math.max(id, this.lastId ?? id);
    this.events.push(received(frame, this.runId));
  }
}
