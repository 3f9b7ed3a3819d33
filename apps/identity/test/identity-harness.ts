import {
  authSignup,
  invitationAcceptMine,
  memberAdd,
  type ErrorCode,
  type Membership,
  type SessionTokens,
} from '@vv/contracts';
import type { Actor, RunningApp } from '@vv/platform';
import { createTestEnvironment, type TestEnvironment } from '@vv/testing';
import { decodeJwt } from 'jose';
import { Client } from 'pg';
import { createIdentityApp } from '../src/app';

/** One identity app on a fresh database, an RPC client, and a SQL client to arrange and inspect. */
export interface IdentityHarness {
  t: TestEnvironment;
  running: RunningApp;
  rpc: RunningApp['services']['client'];
  sql: Client;
  /** Signs a new user up (unique email unless given) and returns the tokens and the actor. */
  signup(
    overrides?: Partial<{ email: string; password: string; displayName: string }>,
    clientIp?: string,
  ): Promise<SignedUp>;
}

export interface SignedUp extends SessionTokens {
  email: string;
  password: string;
  actor: Actor;
}

export const PASSWORD = 'correct horse battery';

let counter = 0;
export const uniqueEmail = (label = 'user'): string => `${label}-${Date.now()}-${++counter}@example.com`;

export async function startIdentity(extraEnv: Record<string, string> = {}): Promise<IdentityHarness> {
  const t = await createTestEnvironment(extraEnv);
  try {
    const running = t.track(await createIdentityApp(t.env));
    const sql = new Client({ connectionString: t.database.url });
    await sql.connect();
    t.track({ close: () => sql.end() });
    const rpc = running.services.client;
    const signup: IdentityHarness['signup'] = async (overrides = {}, clientIp) => {
      const email = overrides.email ?? uniqueEmail();
      const password = overrides.password ?? PASSWORD;
      const tokens = await rpc.call(
        authSignup,
        { email, password, displayName: overrides.displayName ?? 'Test User' },
        { clientIp },
      );
      return { ...tokens, email, password, actor: actorOf(tokens.accessToken) };
    };
    return { t, running, rpc, sql, signup };
  } catch (error) {
    await t.cleanup();
    throw error;
  }
}

/**
 * Puts `user` in a village as `by` asks, with the user's consent where the app wants it: member.add,
 * then, when that invited them, the user accepts the invitation in the app.
 */
export async function addMember(
  h: IdentityHarness,
  villageId: string,
  by: { actor: Actor },
  user: { actor: Actor },
  role = 'member',
): Promise<Membership> {
  const added = await h.rpc.call(
    memberAdd,
    { villageId, userId: user.actor.userId, role },
    { actor: by.actor },
  );
  if (added.outcome === 'added') {
    const { outcome: _, ...membership } = added;
    return membership;
  }
  return h.rpc.call(invitationAcceptMine, { invitationId: added.id }, { actor: user.actor });
}

/** Lets member.add add users at once in this identity (metadata `app/members`, as an app admin would). */
export async function allowDirectAdds(h: IdentityHarness): Promise<void> {
  await h.sql.query(
    `insert into identity.metadata_documents (scope, key, value) values ('app', 'members', '{"directAdd": true}')
     on conflict (scope, key) do update set value = excluded.value, version = identity.metadata_documents.version + 1`,
  );
}

/** The actor the gateway would derive from an access token (after verifying it). */
export function actorOf(accessToken: string): Actor {
  const claims = decodeJwt(accessToken);
  return { userId: String(claims.sub), sessionId: String(claims.sid) };
}

/** Expects a command to fail with a contract error code; returns the error for more checks. */
export async function expectCode(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<{ code: ErrorCode; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toMatchObject({ code });
    return error as { code: ErrorCode; message: string; details?: Record<string, unknown> };
  }
  throw new Error(`expected the command to fail with ${code}, but it succeeded`);
}
