import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@vv/contracts';
import { Metrics, type Logger } from '@vv/platform';
import type { WebSocket } from 'ws';
import type { GatewayConfig } from '../config';
import { StreamHub } from './stream-hub';
import { StreamMetrics } from './stream-metrics';

/** The part of a ws socket the hub uses: records what is sent and how it was closed. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: { code: number; reason: string } | null = null;

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code: number, reason: string): void {
    this.closedWith ??= { code, reason };
    this.readyState = 3;
    this.emit('close');
  }

  terminate(): void {
    this.readyState = 3;
    this.emit('close');
  }

  ping(): void {}

  get events(): string[] {
    return this.sent.filter((m) => m.type === 'event').map((m) => (m.event as EventEnvelope).type);
  }
}

const config = {
  STREAM_HEARTBEAT_MS: 60_000,
  STREAM_MAX_BUFFERED_BYTES: 1000,
  STREAM_REPLAY_MAX_EVENTS: 3,
} as GatewayConfig;
const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;

const V = randomUUID();
let seq = 0;
const event = (type: string, data: Record<string, unknown>): [number, EventEnvelope] => [
  ++seq,
  {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    villageId: V,
    actorId: null,
    data,
  },
];
const broadcast = (): [number, EventEnvelope] =>
  event('messaging.broadcast.sent', {
    broadcastId: randomUUID(),
    villageId: V,
    authorId: randomUUID(),
    body: 'hi',
  });
const removed = (userId: string): [number, EventEnvelope] =>
  event('identity.membership.removed', { villageId: V, userId, role: 'member', reason: 'removed' });

describe('StreamHub', () => {
  let hub: StreamHub;
  let metrics: Metrics;

  const open = (userId = randomUUID(), sessionId = randomUUID()) => {
    const socket = new FakeSocket();
    const connection = hub.register(
      socket as unknown as WebSocket,
      { userId, sessionId },
      Date.now() + 60_000,
    );
    return { socket, connection, userId, sessionId };
  };

  beforeEach(() => {
    metrics = new Metrics('gateway');
    hub = new StreamHub(config, logger, new StreamMetrics(metrics));
  });

  it('stops a removed member’s delivery right after the removal event, in feed order', () => {
    const ann = open();
    const cat = open();
    hub.activate(ann.connection, new Map([[V, 'owner']]));
    hub.activate(cat.connection, new Map([[V, 'member']]));
    hub.dispatch(...broadcast());
    hub.dispatch(...removed(cat.userId));
    hub.dispatch(...broadcast());
    expect(ann.socket.events).toEqual([
      'messaging.broadcast.sent',
      'identity.membership.removed',
      'messaging.broadcast.sent',
    ]);
    expect(cat.socket.events).toEqual(['messaging.broadcast.sent', 'identity.membership.removed']);
  });

  it('holds events while a socket loads, then sends ready and what it may see of them', () => {
    const cat = open();
    const [addedSeq, added] = event('identity.membership.added', {
      villageId: V,
      userId: cat.userId,
      role: 'member',
      via: 'added',
    });
    hub.dispatch(...broadcast());
    hub.dispatch(addedSeq, added);
    hub.dispatch(...broadcast());
    expect(cat.socket.sent).toEqual([]);
    hub.activate(cat.connection, new Map());
    expect(cat.socket.sent[0]).toMatchObject({ type: 'ready', lastId: '0' });
    // Not a member when the first broadcast was sent; a member from the membership.added on.
    expect(cat.socket.events).toEqual(['identity.membership.added', 'messaging.broadcast.sent']);
  });

  it('closes a socket that holds too many events while loading', () => {
    const slowLoad = open();
    for (let i = 0; i < 4; i++) hub.dispatch(...broadcast());
    expect(slowLoad.socket.closedWith).toMatchObject({ code: 1013 });
  });

  it("closes a revoked session's sockets and a deleted account's, not the user's other sessions", () => {
    const user = randomUUID();
    const first = open(user);
    const second = open(user);
    hub.activate(first.connection, new Map());
    hub.activate(second.connection, new Map());
    hub.dispatch(
      ...event('identity.session.revoked', { userId: user, sessionId: first.sessionId, reason: 'logout' }),
    );
    expect(first.socket.closedWith).toEqual({ code: 4401, reason: 'session revoked' });
    expect(second.socket.closedWith).toBeNull();
    expect(second.socket.events).toEqual([]);
    hub.dispatch(...event('identity.user.deleted', { userId: user }));
    expect(second.socket.events).toEqual(['identity.user.deleted']);
    expect(second.socket.closedWith).toEqual({ code: 4401, reason: 'account deleted' });
  });

  it('closes a socket 4008 instead of sending past the buffer limit', () => {
    const ann = open();
    hub.activate(ann.connection, new Map([[V, 'member']]));
    ann.socket.bufferedAmount = 1001;
    hub.dispatch(...broadcast());
    expect(ann.socket.closedWith).toEqual({ code: 4008, reason: 'slow consumer' });
    expect(ann.socket.events).toEqual([]);
  });

  it('applies app roles from the feed to later decisions', () => {
    const coach = open();
    hub.activate(coach.connection, new Map([[V, 'COACH']]));
    const invitation = () =>
      event('identity.invitation.revoked', {
        invitationId: randomUUID(),
        villageId: V,
        email: 'a@example.com',
        revokedBy: randomUUID(),
      });
    hub.dispatch(...invitation());
    hub.dispatch(
      ...event('identity.metadata.updated', {
        scope: 'app',
        key: 'roles',
        version: 1,
        deleted: false,
        villageId: null,
        value: { COACH: ['invitations.manage'] },
      }),
    );
    hub.dispatch(...invitation());
    expect(coach.socket.events).toEqual(['identity.metadata.updated', 'identity.invitation.revoked']);
  });
});
