import type { ChaosContext, FaultWindow } from '../faults/scenario';
import type { Plan } from '../faults/plan';
import type { Fixture, FixtureClient } from '../load/fixture';
import type { StreamListener } from '../load/listener';
import { setTimeout as sleep } from 'node:timers/promises';
import { say, settles } from '../infra/util';

/**
 * One post through the whole path before the load starts: the watcher's notification and both
 * listeners' post event prove the consumers and the stream are up.
 */
export async function warmUp(
  client: FixtureClient,
  fixture: Fixture,
  runId: string,
  listeners: { observer: StreamListener; watcher: StreamListener },
): Promise<void> {
  const post = await client.call<{ id: string }>('POST', `/v1/topics/${fixture.topicId}/posts`, {
    token: fixture.writer.accessToken,
    body: { body: 'chaos warm-up', data: { chaosRun: `${runId}-warm-up` } },
  });
  const through = await settles(
    () => {
      const notified = listeners.watcher.events.some((event) => event.notifiedPostId === post.id);
      const posted = Object.values(listeners).every((listener) =>
        listener.events.some((event) => event.type === 'messaging.post.created'),
      );
      if (!notified || !posted) throw new Error('not through yet');
    },
    90_000,
    200,
  );
  if (!through)
    throw new Error(
      'the warm-up post did not reach the WebSocket listeners and the watcher’s notifications within 90 s',
    );
}

/** Runs the plan's faults one after the other under the load, `gapMs` apart. */
export async function runFaults(plan: Plan, context: ChaosContext): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = [];
  for (const [index, scenario] of plan.scenarios.entries()) {
    say(`fault ${index + 1}/${plan.scenarios.length}: ${scenario.label}`);
    const window = await scenario.inject(context);
    say(`  ${window.detail}`);
    windows.push(window);
    await sleep(plan.gapMs);
  }
  return windows;
}
