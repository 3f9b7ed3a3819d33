import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { backoffDelayMs, CONFIG, LOGGER, ServiceError, type BackoffPolicy, type Logger } from '@vv/platform';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import type { VerifiedToken } from '../auth/verified-token-cache';
import type { GatewayConfig } from '../config';
import { RateLimits } from '../rate-limit/rate-limits';
import { ConcurrencyLimit } from './concurrency-limit';
import type { StreamConnection } from './stream-connection';
import { clientIpOf, refuse, tokenOf } from './stream-handshake';
import { StreamHub } from './stream-hub';
import { StreamMetrics } from './stream-metrics';
import {
  asksToResume,
  CLOSE,
  frame,
  MAX_CLIENT_MESSAGE_BYTES,
  parseClientMessage,
  resumeAfter,
  STREAM_PATH,
  textOf,
  type CloseReason,
} from './stream-protocol';
import { StreamReplayer } from './stream-replayer';
import { ViewerLoader } from './viewer.loader';

/** Messages a client may send before its socket is ready; more closes it. */
const MAX_EARLY_MESSAGES = 8;
/** A load refused by a service at capacity is tried this many times, after a growing, jittered wait. */
const LOAD_ATTEMPTS = 4;
/** 125–250 ms, 250–500 ms, 500–1000 ms: a storm of sockets comes back spread out. */
const LOAD_RETRY: BackoffPolicy = { firstMs: 250, maxMs: 1000, jitter: 'equal' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A close reason fits 123 bytes; ours are short, a service's message is cut. */
const closeText = (text: string): string => text.slice(0, 120);

/**
 * `GET /v1/stream`, the WebSocket transport: upgrades on the gateway's HTTP server, authenticates
 * (Authorization: Bearer, or `?access_token=` for browsers), loads the user's memberships and
 * hands the socket to the hub; then handles the client's messages (auth, resume, ping).
 */
@Injectable()
export class StreamWebSocket implements OnModuleDestroy {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    perMessageDeflate: false,
  });

  /** New sockets' loads from identity, a bounded number at once. */
  private readonly loads: ConcurrencyLimit;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly limits: RateLimits,
    private readonly hub: StreamHub,
    private readonly loader: ViewerLoader,
    private readonly replayer: StreamReplayer,
    private readonly metrics: StreamMetrics,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loads = new ConcurrencyLimit(config.STREAM_MAX_CONCURRENT_LOADS);
  }

  /** Takes the HTTP server's upgrade requests for the stream path; any other path is refused 404. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(request.url ?? '/', 'http://gateway');
      if (url.pathname !== STREAM_PATH) {
        refuse(socket, 404, 'Not Found');
        return;
      }
      try {
        this.limits.takeForIp(clientIpOf(request, this.config.TRUST_PROXY), STREAM_PATH);
      } catch {
        refuse(socket, 429, 'Too Many Requests');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        this.open(ws, request, url).catch((error: unknown) => {
          this.logger.error({ err: error }, 'stream socket failed to open');
          ws.close(CLOSE.internal.code, CLOSE.internal.reason);
        });
      });
    });
  }

  onModuleDestroy(): void {
    this.wss.close();
  }

  private async open(ws: WebSocket, request: IncomingMessage, url: URL): Promise<void> {
    ws.on('error', (error) => this.logger.debug({ err: error }, 'stream socket error'));
    // Messages sent before the socket is authenticated and loaded are kept (a few) and handled after.
    const ready: { connection?: StreamConnection } = {};
    const early: Array<[RawData, boolean]> = [];
    ws.on('message', (data, isBinary) => {
      const { connection } = ready;
      if (connection) {
        connection.alive = true;
        if (connection.mode === 'loading' && asksToResume(data, isBinary)) connection.resumeOnActivate = true;
        this.enqueue(connection, () => this.handle(connection, data, isBinary));
      } else if (early.push([data, isBinary]) > MAX_EARLY_MESSAGES) {
        ws.close(CLOSE.tooMany.code, 'too many messages before ready');
      }
    });
    const requestId = randomUUID();
    const verified = await this.authenticate(ws, tokenOf(request, url), requestId);
    if (!verified) return;
    const { actor } = verified;
    try {
      this.limits.takeForUser(actor.userId);
    } catch {
      this.refuseSocket(ws, { ...CLOSE.tooMany, reason: 'too many requests' });
      return;
    }
    if (this.hub.connectionsOf(actor.userId) >= this.config.STREAM_MAX_CONNECTIONS_PER_USER) {
      this.refuseSocket(ws, CLOSE.tooMany);
      return;
    }
    if (ws.readyState !== ws.OPEN) return; // the client left while it was being authenticated
    const opened = this.hub.register(ws, actor, verified.expiresAt);
    opened.scheduleExpiry();
    const resume = url.searchParams.get('resume');
    opened.resumeOnActivate =
      resume !== null || early.some(([data, isBinary]) => asksToResume(data, isBinary));
    this.enqueue(opened, () => this.load(opened, requestId));
    if (resume !== null) this.enqueue(opened, () => this.handleText(opened, JSON.stringify({ resume })));
    for (const [data, isBinary] of early) this.enqueue(opened, () => this.handle(opened, data, isBinary));
    ready.connection = opened;
  }

  /** Runs a socket's requests one after another; a failure closes the socket (1011). */
  private enqueue(connection: StreamConnection, step: () => Promise<void>): void {
    connection.work = connection.work.then(step).catch((error: unknown) => {
      this.logger.error({ err: error, userId: connection.userId }, 'stream socket request failed');
      connection.close(CLOSE.internal);
    });
  }

  /**
   * Reads the user's memberships (and app roles, once per replica) and makes the socket live.
   * Loads wait their turn (STREAM_MAX_CONCURRENT_LOADS) and retry a service at capacity a few
   * times, so a reconnect storm is served in order rather than refused.
   */
  private async load(connection: StreamConnection, requestId: string): Promise<void> {
    const { actor } = connection;
    await this.loads.run(async () => {
      for (let attempt = 1; !connection.isClosed; attempt++) {
        try {
          await this.loader.assertSessionActive(actor, requestId);
          const appRolesState = this.hub.appRolesState;
          const [roles, appRoles] = await Promise.all([
            this.loader.memberships(actor, requestId),
            appRolesState.known ? Promise.resolve(null) : this.loader.appRoles(actor, requestId),
          ]);
          if (appRoles) this.hub.offerAppRoles(appRoles, appRolesState.changes);
          this.hub.activate(connection, roles);
          return;
        } catch (error) {
          if (error instanceof ServiceError && error.code === 'unauthenticated') {
            connection.close({ ...CLOSE.unauthenticated, reason: 'session revoked' }, 'session_revoked');
            return;
          }
          if (error instanceof ServiceError && error.code === 'unavailable' && attempt < LOAD_ATTEMPTS) {
            await sleep(backoffDelayMs(attempt, LOAD_RETRY));
            continue;
          }
          this.logger.warn(
            { err: error, userId: actor.userId },
            'stream socket could not load its memberships',
          );
          connection.close(CLOSE.tryAgain, 'load_failed');
          return;
        }
      }
    });
  }

  private async handle(connection: StreamConnection, data: RawData, isBinary: boolean): Promise<void> {
    if (connection.isClosed) return;
    if (isBinary) {
      connection.send(frame({ type: 'error', code: 'invalid', message: 'Send JSON text messages' }));
      return;
    }
    await this.handleText(connection, textOf(data));
  }

  private async handleText(connection: StreamConnection, text: string): Promise<void> {
    if (connection.isClosed) return;
    const parsed = parseClientMessage(text);
    if (!parsed.success) {
      const message = 'Expected {"type":"auth","token":…}, {"resume":"<id>"} or {"type":"ping"}';
      connection.send(frame({ type: 'error', code: 'invalid', message }));
      return;
    }
    const after = resumeAfter(parsed.data);
    if (after !== null) {
      await this.replayer.resume(connection, Number(after));
    } else if ('type' in parsed.data && parsed.data.type === 'auth') {
      await this.refresh(connection, parsed.data.token);
    } else {
      connection.send(frame({ type: 'pong' }));
    }
  }

  /** In-band refresh: a new token of the same user (same or new session) moves the socket's expiry. */
  private async refresh(connection: StreamConnection, token: string): Promise<void> {
    const requestId = randomUUID();
    let verified: VerifiedToken;
    try {
      verified = await this.verifier.verifyToken(token, requestId);
      if (verified.actor.userId !== connection.userId) {
        throw new ServiceError('unauthenticated', 'The token is for another user');
      }
      await this.loader.assertSessionActive(verified.actor, requestId);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'unauthenticated') {
        connection.close({ ...CLOSE.unauthenticated, reason: closeText(error.message) }, 'unauthenticated');
        return;
      }
      throw error;
    }
    if (connection.isClosed) return;
    connection.actor = verified.actor;
    connection.expiresAt = verified.expiresAt;
    connection.scheduleExpiry();
    connection.send(frame({ type: 'authenticated', expiresAt: new Date(verified.expiresAt).toISOString() }));
  }

  /** The verified token, or null after closing the socket 4401 (bad token) or 1013 (keys unavailable). */
  private async authenticate(
    ws: WebSocket,
    token: string | ServiceError,
    requestId: string,
  ): Promise<VerifiedToken | null> {
    try {
      if (token instanceof ServiceError) throw token;
      return await this.verifier.verifyToken(token, requestId);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'unauthenticated') {
        this.refuseSocket(
          ws,
          { ...CLOSE.unauthenticated, reason: closeText(error.message) },
          'unauthenticated',
        );
      } else {
        this.logger.warn({ err: error }, 'stream socket could not be authenticated');
        this.refuseSocket(ws, CLOSE.tryAgain, 'load_failed');
      }
      return null;
    }
  }

  private refuseSocket(
    ws: WebSocket,
    reason: CloseReason,
    drop: 'unauthenticated' | 'too_many' | 'load_failed' = 'too_many',
  ): void {
    this.metrics.dropped(drop);
    ws.close(reason.code, reason.reason);
    setTimeout(() => ws.terminate(), 5000).unref();
  }
}
