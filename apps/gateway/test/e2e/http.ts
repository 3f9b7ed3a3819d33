import { randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, the text otherwise, null when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers loosely
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** A tiny client of the gateway over global fetch. */
export class Api {
  constructor(readonly url: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? null : type.includes('json') ? JSON.parse(text) : text,
    };
  }

  get = (path: string, options?: RequestOptions): Promise<Answer> => this.request('GET', path, options);
  post = (path: string, options?: RequestOptions): Promise<Answer> => this.request('POST', path, options);
  patch = (path: string, options?: RequestOptions): Promise<Answer> => this.request('PATCH', path, options);
  delete = (path: string, options?: RequestOptions): Promise<Answer> => this.request('DELETE', path, options);
}

export const PASSWORD = 'correct horse battery staple';

export interface Account {
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

/** Signs a fresh user up and returns its tokens. */
export async function signUp(api: Api, displayName = 'Ann Example'): Promise<Account> {
  const email = `user-${randomUUID()}@example.com`;
  const answer = await api.post('/v1/auth/signup', { body: { email, password: PASSWORD, displayName } });
  if (answer.status !== 201)
    throw new Error(`signup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return {
    email,
    userId: answer.body.user.id,
    accessToken: answer.body.accessToken,
    refreshToken: answer.body.refreshToken,
  };
}

/** What every error answer is: RFC 9457 problem+json with the contract code and the request id. */
export function expectProblem(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(answer.body.requestId).toBe(answer.headers.get('x-request-id'));
}
