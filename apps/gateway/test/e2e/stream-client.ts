import { WebSocket } from 'ws';

/** A message from `GET /v1/stream`, read loosely (tests check its shape). */
export interface StreamMessage {
  type: string;
  id?: string;
  lastId?: string;
  reason?: string;
  redacted?: boolean;
  expiresAt?: string;
  event?: {
    id: string;
    type: string;
    villageId: string | null;
    actorId: string | null;
    data: Record<string, unknown>;
  };
}

export interface Closed {
  code: number;
  reason: string;
  /** Milliseconds since epoch when the client saw the close. */
  at: number;
}

export interface ConnectOptions {
  /** `header` (default): Authorization: Bearer; `query`: ?access_token=. */
  tokenIn?: 'header' | 'query';
  /** Extra query parameters, e.g. `{ resume: '12' }`. */
  query?: Record<string, string>;
}

/** A test client of the stream: records every message with when it arrived, and the close. */
export class StreamClient {
  readonly messages: Array<StreamMessage & { receivedAt: number }> = [];
  readonly closed: Promise<Closed>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push({ ...(JSON.parse(data.toString('utf8')) as StreamMessage), receivedAt: Date.now() });
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8'), at: Date.now() });
        for (const wake of this.waiters) wake();
      });
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket (no token: none sent) and resolves once it is open (not yet `ready`). */
  static async open(
    gatewayUrl: string,
    token: string | null,
    options: ConnectOptions = {},
  ): Promise<StreamClient> {
    const url = new URL('/v1/stream', gatewayUrl.replace(/^http/, 'ws'));
    if (token && options.tokenIn === 'query') url.searchParams.set('access_token', token);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = {};
    if (token && options.tokenIn !== 'query') headers.authorization = `Bearer ${token}`;
    const socket = new WebSocket(url, { headers });
    const client = new StreamClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Opens a socket and waits for `ready`. */
  static async connect(
    gatewayUrl: string,
    token: string,
    options: ConnectOptions = {},
  ): Promise<StreamClient> {
    const client = await StreamClient.open(gatewayUrl, token, options);
    await client.next((message) => message.type === 'ready');
    return client;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The event messages received so far. */
  get events(): Array<StreamMessage & { receivedAt: number }> {
    return this.messages.filter((message) => message.type === 'event');
  }

  /** The first message (from `from` on) that matches, waiting for it. */
  async next(
    match: (message: StreamMessage) => boolean,
    { from = 0, timeoutMs = 10_000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<StreamMessage & { receivedAt: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(
          `socket closed while waiting; got ${JSON.stringify(this.messages.map((m) => m.type))}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** The event message whose envelope matches, waiting for it. */
  nextEvent(
    match: (event: NonNullable<StreamMessage['event']>) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<StreamMessage & { receivedAt: number }> {
    return this.next(
      (message) => message.type === 'event' && !!message.event && match(message.event),
      options,
    );
  }

  close(): void {
    this.socket.close();
  }
}
