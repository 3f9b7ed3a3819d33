import { signUp, type Account, type Answer, type Api } from './http';
import { addMember } from './members';

/**
 * What the access matrices share: the four callers, the status presets, the fixtures every matrix
 * builds (a village per visibility with an admin and a member) and the row runner. Each matrix
 * file holds its own table of rows and checks it against the OpenAPI document.
 */

export const VISIBILITIES = ['private', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const CALLERS = ['outsider', 'member', 'admin', 'owner'] as const;
export type Caller = (typeof CALLERS)[number];
export type Statuses = [outsider: number, member: number, admin: number, owner: number];
export type Expected = Record<Visibility, Statuses>;

export interface MatrixRow<Village> {
  /** The operation as the OpenAPI document names it, e.g. `get /v1/villages/{villageId}`. */
  operation: string;
  /** What a call uses up (a fresh target per caller), made by the owner. */
  prepare?: (village: Village) => Promise<string>;
  call: (village: Village, token: string, target: string) => Promise<Answer>;
  expected: Expected;
}

/** Village content: members read it; anyone signed in reads a public village's. */
export const READ: Expected = { private: [404, 200, 200, 200], public: [200, 200, 200, 200] };

/** Admin-only (or moderation) operations answering `status` when allowed. */
export const adminWrite = (status: number): Expected => ({
  private: [404, 403, status, status],
  public: [403, 403, status, status],
});

/** What every member's default role may do, answering `status`; 403 to a public village's outsiders. */
export const memberWrite = (status: number): Expected => ({
  private: [404, status, status, status],
  public: [403, status, status, status],
});

/** Messaging's routes; the villages matrix leaves them to the messaging matrix. */
export const MESSAGING_PATH =
  /^\/v1\/(conversations|messages|topics|posts)\/|^\/v1\/villages\/\{villageId\}\/(conversations|broadcasts|topics|search)(\/|$)/;

/** Calendar's routes (events, RSVPs, feed); the villages matrix leaves them to the calendar matrix. */
export const CALENDAR_PATH =
  /^\/v1\/events\/|^\/v1\/villages\/\{villageId\}\/(events|calendar\.ics|calendar-token)(\/|$)/;

/** Files' routes; the villages matrix leaves them to the files matrix. */
export const FILES_PATH = /^\/v1\/files\/|^\/v1\/villages\/\{villageId\}\/files(\/|$)/;

/** Notifications' village routes (preferences, webhooks); the villages matrix leaves them to the notifications matrix. */
export const NOTIFICATIONS_PATH = /^\/v1\/villages\/\{villageId\}\/(notification-preferences|webhooks)(\/|$)/;

/** The four callers of a matrix and the fixtures they share. */
export class MatrixPeople {
  private readonly accounts = {} as Record<Caller, Account>;

  constructor(private readonly api: Api) {}

  async signUp(): Promise<void> {
    for (const caller of CALLERS) this.accounts[caller] = await signUp(this.api, `Matrix ${caller}`);
  }

  account(caller: Caller): Account {
    return this.accounts[caller];
  }

  token(caller: Caller): string {
    return this.accounts[caller].accessToken;
  }

  /** The answer of a fixture call, which must succeed with `status`. */
  ok(answer: Answer, status: number): Answer {
    if (answer.status !== status)
      throw new Error(`setup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  idOf(answer: Answer, status: number): string {
    return String(this.ok(answer, status).body.id);
  }

  /** A village of the owner with the admin and the member in it. */
  async createVillage(visibility: Visibility, name = `Matrix ${visibility}`): Promise<string> {
    const owner = this.token('owner');
    const id = this.idOf(
      await this.api.post('/v1/villages', { token: owner, body: { name, visibility } }),
      201,
    );
    for (const role of ['admin', 'member'] as const)
      await addMember(this.api, id, owner, this.account(role), role);
    return id;
  }

  /** The statuses a row's call answers each caller, in CALLERS order. */
  async statuses<Village>(row: MatrixRow<Village>, village: Village): Promise<number[]> {
    const statuses: number[] = [];
    for (const caller of CALLERS) {
      const target = row.prepare ? await row.prepare(village) : '';
      statuses.push((await row.call(village, this.token(caller), target)).status);
    }
    return statuses;
  }
}

/** The operations (`<method> <path>`) of the OpenAPI document whose path `include` accepts. */
export async function documentedOperations(api: Api, include: (path: string) => boolean): Promise<string[]> {
  const doc = (await api.get('/docs/openapi.json')).body as { paths: Record<string, object> };
  return Object.entries(doc.paths)
    .filter(([path]) => include(path))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
}
