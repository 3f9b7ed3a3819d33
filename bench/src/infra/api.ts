import { randomUUID } from 'node:crypto';

/** The few gateway calls the bench needs to set its data up (the e2e tests' helper, reduced). */
export class GatewayClient {
  constructor(readonly url: string) {}

  async call<T>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

export interface Account {
  userId: string;
  accessToken: string;
}

export async function signUp(api: GatewayClient, displayName: string): Promise<Account> {
  const answer = await api.call<{ user: { id: string }; accessToken: string }>('POST', '/v1/auth/signup', {
    body: { email: `bench-${randomUUID()}@example.com`, password: 'bench password 1234', displayName },
  });
  return { userId: answer.user.id, accessToken: answer.accessToken };
}

export async function createVillage(api: GatewayClient, owner: Account, name: string): Promise<string> {
  const village = await api.call<{ id: string }>('POST', '/v1/villages', {
    token: owner.accessToken,
    body: { name, visibility: 'public' },
  });
  return village.id;
}

export async function joinVillage(api: GatewayClient, member: Account, villageId: string): Promise<void> {
  await api.call('POST', `/v1/villages/${villageId}/join`, { token: member.accessToken });
}

export async function createTopic(
  api: GatewayClient,
  owner: Account,
  villageId: string,
  title: string,
): Promise<string> {
  const topic = await api.call<{ id: string }>('POST', `/v1/villages/${villageId}/topics`, {
    token: owner.accessToken,
    body: { title },
  });
  return topic.id;
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapLimit<I, O>(
  items: readonly I[],
  concurrency: number,
  work: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
