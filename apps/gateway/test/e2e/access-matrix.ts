import { eventually } from '@vv/testing';
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
  /** What a call uses up (a fresh target per caller), made by the fixtures' author (the owner, or a former member). */
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

  /** A fresh account added to the village with `role` by the owner. */
  async newMember(villageId: string, role: string): Promise<Account> {
    const account = await signUp(this.api, `Matrix ${role}`);
    await addMember(this.api, villageId, this.token('owner'), account, role);
    return account;
  }

  /** The owner removes `userId` from the village. */
  async removeMember(villageId: string, userId: string): Promise<void> {
    const path = `/v1/villages/${villageId}/members/${userId}`;
    this.ok(await this.api.delete(path, { token: this.token('owner') }), 204);
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

/** How a matrix checks former members (see expectFormerMembersAsOutsiders). */
export interface FormerMember<Village> {
  /** Their role while a member: let it allow every write of the matrix. */
  role: string;
  /** A read of members only (an operation of the rows): once it answers the outsider's status, the service has applied the removal. */
  probe: string;
  /** A fresh village of the matrix's people. */
  createVillage: (visibility: Visibility) => Promise<string>;
  /** The matrix's fixtures in the village, made by `token` (the member-to-be-removed). */
  fixtures: (villageId: string, visibility: Visibility, token: string) => Promise<Village>;
}

/**
 * What a former member gets, in a village of each visibility: they make the matrix's fixtures (and
 * each row's target) while a member, are removed, and then call every row. Authorship never
 * outlives membership, so each row must answer what an outsider gets (its first column), on their
 * own content too.
 */
export async function expectFormerMembersAsOutsiders<Village>(
  m: MatrixPeople,
  rows: readonly MatrixRow<Village>[],
  former: FormerMember<Village>,
): Promise<void> {
  const probe = rows.find((row) => row.operation === former.probe);
  if (!probe) throw new Error(`no row ${former.probe}`);
  for (const visibility of VISIBILITIES) {
    const villageId = await former.createVillage(visibility);
    const account = await m.newMember(villageId, former.role);
    const token = account.accessToken;
    const village = await former.fixtures(villageId, visibility, token);
    const targets: string[] = [];
    for (const row of rows) targets.push(row.prepare ? await row.prepare(village) : '');
    await m.removeMember(villageId, account.userId);
    const outsider = probe.expected[visibility][0];
    await eventually(async () => expect((await probe.call(village, token, '')).status).toBe(outsider));

    const statuses: Record<string, number> = {};
    for (const [index, row] of rows.entries()) {
      statuses[row.operation] = (await row.call(village, token, targets[index])).status;
    }
    const outsiders = Object.fromEntries(rows.map((row) => [row.operation, row.expected[visibility][0]]));
    expect({ visibility, statuses }).toEqual({ visibility, statuses: outsiders });
  }
}
