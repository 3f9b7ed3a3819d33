import { connect } from '@nats-io/transport-node';
import { serviceStreamName, type EventEnvelope } from '@vv/contracts';
import {
  claimTimes,
  consumerDrained,
  notificationsMade,
  notificationsOutboxDrained,
  publishAtRate,
  publishEvents,
  replyEvent,
  watchTopic,
  type PostAudience,
} from '../data/post-events';
import { createTopic, GatewayClient, joinVillage, mapLimit, signUp } from '../infra/api';
import type { Child } from '../infra/children';
import { startNotifications } from '../infra/suite';
import { say } from '../infra/util';
import { median, summarize, type LatencySummary } from '../report/stats';
import type { Figure, Scenario, ScenarioReport } from './scenario';

export const CONSUME_TARGET = 1000;
/** The consumer measured: in-app notifications from messaging's events. */
const CONSUMER = 'notifications-inbox-messaging';
/** Members of the village, and how many of them watch the topic the replies are posted in. */
const MEMBERS = 20;
const WATCHERS = 3;
const DRAIN_TIMEOUT_MS = 600_000;

interface Backlog {
  events: number;
  seconds: number;
  eventsPerSec: number;
  notificationsPerEvent: number;
  /** How long notifications' relay still took to publish the notification.created events. */
  relayTailSec: number;
}

/** Events/s from the first claim to the moment the consumer had nothing left (a conservative end). */
function backlogOf(events: readonly EventEnvelope[], claims: Map<string, number>, drainedAt: number) {
  const first = Math.min(...claims.values());
  const seconds = (drainedAt - first) / 1000;
  return { seconds, eventsPerSec: events.length / seconds };
}

/** Commit → claim lag of each event published at a steady rate (ms): the claim minus occurredAt. */
function lagsOf(events: readonly EventEnvelope[], claims: Map<string, number>): number[] {
  return events.flatMap((event) => {
    const claimed = claims.get(event.id);
    return claimed === undefined ? [] : [claimed - Date.parse(event.occurredAt)];
  });
}

export const consumeScenario: Scenario = {
  id: 'consume',
  title: '8. Consume: in-app notifications derived from messaging events',
  async run(context): Promise<ScenarioReport> {
    const { profile, environment, fixture, db } = context;
    const api = new GatewayClient(context.suite.gatewayUrl);
    const topicId = await createTopic(api, fixture.owner, fixture.villageId, 'Consume');
    say(`consume: signing up ${MEMBERS} members, ${WATCHERS} of them watching the topic`);
    const members = await mapLimit(
      Array.from({ length: MEMBERS }, (_, i) => i),
      4,
      async (i) => {
        const member = await signUp(api, `Bench Member ${i}`);
        await joinVillage(api, member, fixture.villageId);
        return member;
      },
    );
    const audience: PostAudience = {
      villageId: fixture.villageId,
      topicId,
      memberIds: members.map((member) => member.userId),
    };
    const stream = serviceStreamName(environment.prefix, 'messaging');
    const identityStream = serviceStreamName(environment.prefix, 'identity');
    const nc = await connect({ servers: environment.natsUrl, name: 'bench-consume' });
    let notifications: Child | undefined;
    try {
      say('consume: starting notifications, waiting for it to learn the village members');
      notifications = await startNotifications(environment);
      await consumerDrained(nc, identityStream, 'notifications-inbox-identity', DRAIN_TIMEOUT_MS);
      await consumerDrained(nc, stream, CONSUMER, DRAIN_TIMEOUT_MS);
      await watchTopic(db, audience, audience.memberIds.slice(0, WATCHERS));

      // A backlog (an outage, a deploy): published while notifications is stopped, drained after its start.
      const backlogs: Backlog[] = [];
      const rounds = profile.mode === 'quick' ? 1 : profile.rounds;
      for (let round = 1; round <= rounds; round++) {
        await notifications.stop();
        const events = Array.from({ length: profile.consumeEvents }, (_, n) => replyEvent(audience, n));
        say(`consume: round ${round}/${rounds}: ${events.length} post events published while it is stopped`);
        await publishEvents(nc, environment.prefix, events);
        notifications = await startNotifications(environment);
        if (!(await consumerDrained(nc, stream, CONSUMER, DRAIN_TIMEOUT_MS)))
          throw new Error(`${CONSUMER} did not drain its backlog in ${DRAIN_TIMEOUT_MS / 1000} s`);
        const drainedAt = Date.now();
        const claims = await claimTimes(db, CONSUMER, events);
        const made = await notificationsMade(db, events);
        const backlog = { events: events.length, ...backlogOf(events, claims, drainedAt) };
        // The next round (or the steady run) starts with the relay idle, so it measures only itself.
        await notificationsOutboxDrained(db, DRAIN_TIMEOUT_MS);
        const relayTailSec = (Date.now() - drainedAt) / 1000;
        backlogs.push({ ...backlog, notificationsPerEvent: made / events.length, relayTailSec });
        say(`consume: ${Math.round(backlog.eventsPerSec)} events/s, ${made} notifications`);
      }

      // Steady state: half the backlog rate, open loop; lag from publish to the inbox claim.
      const drainRate = median(backlogs.map((backlog) => backlog.eventsPerSec)) ?? 0;
      const rate = Math.max(10, Math.round(drainRate / 2));
      say(`consume: ${profile.consumeSteadySec} s at ${rate} events/s`);
      const steady = await publishAtRate(
        nc,
        environment.prefix,
        (n) => replyEvent(audience, n),
        rate,
        profile.consumeSteadySec,
      );
      await consumerDrained(nc, stream, CONSUMER, DRAIN_TIMEOUT_MS);
      const lag: LatencySummary = summarize(lagsOf(steady, await claimTimes(db, CONSUMER, steady)));

      const figures: Figure[] = [
        {
          label: `backlog of ${profile.consumeEvents.toLocaleString('en')} post events (${MEMBERS} members, ${WATCHERS} watching): events/s`,
          unit: 'events/s',
          values: [drainRate],
          target: { op: '>=', value: CONSUME_TARGET },
        },
        {
          label: 'notifications made per event',
          unit: 'count',
          values: [median(backlogs.map((backlog) => backlog.notificationsPerEvent))],
        },
        {
          label: "after the drain, notifications' relay still publishing their notification.created events",
          unit: 's',
          values: [median(backlogs.map((backlog) => backlog.relayTailSec))],
        },
        {
          label: `at ${rate} events/s (50% of the backlog rate): publish → inbox claim (p50 / p99 / max)`,
          unit: 'ms',
          values: [lag.p50, lag.p99, lag.max],
        },
      ];
      return {
        id: this.id,
        title: this.title,
        status: 'ok',
        figures,
        details: { backlogs, steady: { rate, events: steady.length, lag } },
      };
    } finally {
      await notifications?.stop();
      await nc.close();
    }
  },
};
