import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { send } from './http';

export interface Account {
  userId: string;
  accessToken: string;
}

/**
 * Who writes and who listens: `writer` posts in `topicId` of a public village; `watcher` watches the
 * topic (each post makes one `topic_post` notification for them) and `observer` is a plain member.
 */
export interface Fixture {
  writer: Account;
  watcher: Account;
  observer: Account;
  villageId: string;
  topicId: string;
}

/** The few gateway calls the fixture needs; a 503 or a refused connection (the suite just started) is retried. */
export class FixtureClient {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly gatewayUrl: string) {}

  async call<T>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; retryOn?: number[] } = {},
  ): Promise<T> {
    const retryOn = [502, 503, 504, ...(options.retryOn ?? [])];
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const outcome = await send(this.agent, {
        method,
        url: `${this.gatewayUrl}${path}`,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        timeoutMs: 15_000,
      });
      if (outcome.kind === 'answer' && outcome.status < 300)
        return (outcome.body ? JSON.parse(outcome.body) : null) as T;
      const retry = outcome.kind !== 'answer' || retryOn.includes(outcome.status);
      if (!retry || Date.now() > deadline) {
        const what =
          outcome.kind === 'answer' ? `${outcome.status} ${outcome.body.slice(0, 300)}` : outcome.kind;
        throw new Error(`${method} ${path}: ${what}`);
      }
      await sleep(500);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

async function signUp(client: FixtureClient, displayName: string): Promise<Account> {
  const answer = await client.call<{ user: { id: string }; accessToken: string }>('POST', '/v1/auth/signup', {
    body: { email: `chaos-${randomUUID()}@example.com`, password: 'chaos password 1234', displayName },
  });
  return { userId: answer.user.id, accessToken: answer.accessToken };
}

export async function createFixture(client: FixtureClient): Promise<Fixture> {
  const [writer, watcher, observer] = [
    await signUp(client, 'Chaos Writer'),
    await signUp(client, 'Chaos Watcher'),
    await signUp(client, 'Chaos Observer'),
  ];
  const village = await client.call<{ id: string }>('POST', '/v1/villages', {
    token: writer.accessToken,
    body: { name: 'Chaos village', visibility: 'public' },
  });
  const topic = await client.call<{ id: string }>('POST', `/v1/villages/${village.id}/topics`, {
    token: writer.accessToken,
    body: { title: 'Chaos' },
  });
  for (const member of [watcher, observer]) {
    await client.call('POST', `/v1/villages/${village.id}/join`, { token: member.accessToken });
  }
  // notifications learns the membership from identity's events: 403 until it has.
  await client.call('PUT', `/v1/villages/${village.id}/notification-preferences`, {
    token: watcher.accessToken,
    body: { level: 'all', topics: { [topic.id]: 'watch' } },
    retryOn: [403, 404],
  });
  return { writer, watcher, observer, villageId: village.id, topicId: topic.id };
}
