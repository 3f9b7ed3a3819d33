import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { appRolesDocument, replicaChanges, type AppRoles, type ReplicaChange } from '@vv/access';
import {
  eventType,
  sessionRevoked,
  userDeleted,
  type EventEnvelope,
  type EventDefinition,
} from '@vv/contracts';
import type { Actor } from '@vv/platform';
import { CONFIG, LOGGER, type Logger } from '@vv/platform';
import type { WebSocket } from 'ws';
import type { GatewayConfig } from '../config';
import type { Audience } from './audience';
import { FeedItem } from './feed-item';
import { StreamConnection } from './stream-connection';
import { StreamMetrics, type DropReason } from './stream-metrics';
import { CLOSE, frame, type CloseReason } from './stream-protocol';

/** How long shutdown waits for sockets to finish their close handshake before cutting them. */
const SHUTDOWN_GRACE_MS = 1000;

const is = (event: EventEnvelope, def: EventDefinition): boolean =>
  event.type === eventType(def) && event.version === def.version;

const addTo = <K, V>(index: Map<K, Set<V>>, key: K, value: V): void => {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
};

const removeFrom = <K, V>(index: Map<K, Set<V>>, key: K, value: V): void => {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
};

/**
 * This replica's stream sockets, indexed by user and by village, fed in feed order: each event
 * is decided once per socket in its audience (O(audience), not O(sockets)), then its effect on
 * memberships, app roles and sessions is applied — so a removal stops delivery right after the
 * removal event. Sends heartbeats and drops sockets that stop answering them.
 */
@Injectable()
export class StreamHub implements OnModuleInit, OnModuleDestroy {
  private readonly all = new Set<StreamConnection>();
  private readonly loading = new Set<StreamConnection>();
  private readonly byUser = new Map<string, Set<StreamConnection>>();
  private readonly byVillage = new Map<string, Set<StreamConnection>>();
  private position = 0;
  private appRoles: AppRoles = {};
  /** Whether app roles are known (fetched once, then kept current by the feed). */
  private appRolesKnown = false;
  /** Bumped by each app/roles change from the feed, so an older fetched copy is not taken over it. */
  private appRolesChanges = 0;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: StreamMetrics,
  ) {}

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.beat(), this.config.STREAM_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Closes every socket (1001) and waits briefly for the close handshakes, then cuts the rest. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeat);
    const sockets = [...this.all];
    this.closeAll(CLOSE.goingAway, 'shutdown');
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.all.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const connection of sockets) connection.socket.terminate();
  }

  /** The last feed id this replica has handed out. */
  get lastId(): number {
    return this.position;
  }

  /** The feed's position when this replica starts following it. */
  startAt(position: number): void {
    this.position = position;
  }

  connectionsOf(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** App roles as fetched for a new socket, unless the feed changed them since `changesSeen`. */
  get appRolesState(): { known: boolean; changes: number } {
    return { known: this.appRolesKnown, changes: this.appRolesChanges };
  }

  offerAppRoles(roles: AppRoles, changesSeen: number): void {
    if (this.appRolesChanges !== changesSeen) return;
    this.appRoles = roles;
    this.appRolesKnown = true;
  }

  /** A new socket, loading: the feed's events are held for it until `activate`. */
  register(socket: WebSocket, actor: Actor, expiresAt: number): StreamConnection {
    const connection = new StreamConnection(socket, actor, expiresAt, this.position, {
      appRoles: () => this.appRoles,
      maxBufferedBytes: this.config.STREAM_MAX_BUFFERED_BYTES,
      maxHeldEvents: this.config.STREAM_REPLAY_MAX_EVENTS,
      metrics: this.metrics,
    });
    this.all.add(connection);
    this.loading.add(connection);
    addTo(this.byUser, actor.userId, connection);
    this.metrics.opened();
    this.logger.info({ userId: actor.userId, sessionId: actor.sessionId }, 'stream socket opened');
    socket.on('pong', () => (connection.alive = true));
    socket.once('close', (code: number) => {
      this.unregister(connection);
      this.logger.info({ userId: actor.userId, code }, 'stream socket closed');
    });
    return connection;
  }

  /**
   * Its memberships are loaded: `ready`, then the events held meanwhile (decided, then applied), then
   * live — or, with a resume pending, replaying, the held events waiting behind the replay.
   */
  activate(connection: StreamConnection, roles: ReadonlyMap<string, string>): void {
    if (connection.isClosed || !this.loading.delete(connection)) return;
    for (const [villageId, role] of roles) this.setRole(connection, villageId, role);
    // With a resume pending, what arrived meanwhile is held behind the replay (StreamReplayer).
    if (connection.resumeOnActivate) connection.startReplay();
    else connection.mode = 'live';
    connection.send(
      frame({
        type: 'ready',
        lastId: String(connection.startPosition),
        expiresAt: new Date(connection.expiresAt).toISOString(),
      }),
    );
    for (const item of connection.takeHeld()) {
      const eventFrame = item.frameFor(connection);
      if (eventFrame) connection.offerLive(item.seq, eventFrame);
      this.apply(item.event, connection);
    }
  }

  /** Hands one feed event to every socket that may see it, then applies what it changes. */
  dispatch(seq: number, event: EventEnvelope | null): void {
    this.position = Math.max(this.position, seq);
    if (!event) {
      this.metrics.skippedOne('invalid');
      return;
    }
    const item = new FeedItem(seq, event);
    if (item.result.kind !== 'audience') {
      this.metrics.skippedOne(item.result.kind === 'unknown' ? 'unknown_type' : 'invalid');
    }
    for (const connection of this.loading) {
      if (!connection.hold(item)) connection.close(CLOSE.tryAgain, 'load_failed');
    }
    if (item.result.kind === 'audience') {
      for (const connection of this.candidates(item.result.audience)) {
        const eventFrame = item.frameFor(connection);
        if (eventFrame) connection.offerLive(seq, eventFrame);
      }
    }
    this.apply(event);
    this.closeSessions(event);
  }

  /** Closes every socket, e.g. when the feed was interrupted. */
  closeAll(reason: CloseReason, drop: DropReason): void {
    for (const connection of [...this.all]) connection.close(reason, drop);
  }

  private candidates(audience: Audience): Iterable<StreamConnection> {
    if (audience.everyone) return [...this.all].filter((connection) => connection.mode !== 'loading');
    const found = new Set<StreamConnection>();
    if (audience.villageId) for (const c of this.byVillage.get(audience.villageId) ?? []) found.add(c);
    for (const userId of audience.userIds) {
      for (const connection of this.byUser.get(userId) ?? []) {
        if (connection.mode !== 'loading') found.add(connection);
      }
    }
    return found;
  }

  /** Applies an event's membership, village and app-role changes: to every socket, or to `only`. */
  private apply(event: EventEnvelope, only?: StreamConnection): void {
    for (const change of this.changesOf(event)) {
      if (change.kind === 'membership') {
        const targets = only ? [only] : [...(this.byUser.get(change.userId) ?? [])];
        for (const connection of targets) {
          if (connection.userId !== change.userId || (!only && connection.mode === 'loading')) continue;
          this.setRole(connection, change.villageId, change.removed ? null : change.role);
        }
      } else if (change.kind === 'village' && change.deleted) {
        const targets = only ? [only] : [...(this.byVillage.get(change.villageId) ?? [])];
        for (const connection of targets) this.setRole(connection, change.villageId, null);
      } else if (change.kind === 'app_roles' && !only) {
        const parsed = appRolesDocument.safeParse(change.roles);
        this.appRoles = parsed.success ? parsed.data : {};
        this.appRolesKnown = true;
        this.appRolesChanges++;
      }
    }
  }

  private changesOf(event: EventEnvelope): ReplicaChange[] {
    try {
      return replicaChanges(event);
    } catch (error) {
      this.logger.warn(
        { err: error, eventId: event.id, type: event.type },
        'stream: malformed identity event',
      );
      return [];
    }
  }

  /** A revoked session's sockets, and a deleted account's, are closed 4401 (loading ones too). */
  private closeSessions(event: EventEnvelope): void {
    if (is(event, sessionRevoked)) {
      const data = sessionRevoked.data.safeParse(event.data);
      if (!data.success) return;
      for (const connection of [...(this.byUser.get(data.data.userId) ?? [])]) {
        if (connection.actor.sessionId !== data.data.sessionId) continue;
        connection.close({ ...CLOSE.unauthenticated, reason: 'session revoked' }, 'session_revoked');
      }
    } else if (is(event, userDeleted)) {
      const data = userDeleted.data.safeParse(event.data);
      if (!data.success) return;
      for (const connection of [...(this.byUser.get(data.data.userId) ?? [])]) {
        connection.close({ ...CLOSE.unauthenticated, reason: 'account deleted' }, 'session_revoked');
      }
    }
  }

  private setRole(connection: StreamConnection, villageId: string, role: string | null): void {
    if (role === null) {
      connection.roles.delete(villageId);
      removeFrom(this.byVillage, villageId, connection);
    } else {
      connection.roles.set(villageId, role);
      addTo(this.byVillage, villageId, connection);
    }
  }

  private unregister(connection: StreamConnection): void {
    if (!this.all.delete(connection)) return;
    this.loading.delete(connection);
    connection.close(CLOSE.goingAway);
    removeFrom(this.byUser, connection.userId, connection);
    for (const villageId of connection.roles.keys()) removeFrom(this.byVillage, villageId, connection);
    this.metrics.closed();
  }

  /** Pings every socket; one that did not answer the previous ping is cut. */
  private beat(): void {
    for (const connection of [...this.all]) {
      if (!connection.alive) {
        connection.terminate('heartbeat');
        continue;
      }
      connection.alive = false;
      if (!connection.isClosed) connection.socket.ping();
    }
  }
}
