import { membershipGet, type Permission } from '@vv/contracts';
import { ServiceError, type Logger, type Metrics, type NatsClientProxy, type SqlCaller } from '@vv/platform';
import type { Counter } from 'prom-client';
import {
  decideAccess,
  decideChange,
  type AccessDecision,
  type AccessFacts,
  type ChangeRule,
} from '../policy/access-decision';
import type { AppRoles } from '../policy/role-permissions';
import { ACCESS_DEFAULTS, type AccessOptions } from './access-options';
import { AppRolesSource } from './app-roles.source';
import { NegativeCache } from './negative-cache';
import type { MembershipAnswer, ReplicaMembership, ReplicaRepository } from './replica.repository';

/** Who is asking: the signed-in caller of a command (only the user id matters here). */
export interface AccessActor {
  userId: string;
}

export interface AccessDeps {
  db: SqlCaller;
  rpc: NatsClientProxy;
  repository: ReplicaRepository;
  logger: Logger;
  metrics: Metrics;
  options: AccessOptions;
}

/**
 * A read whose statement also returned, with its data, the replica's facts for the village the data
 * belongs to and the caller (`membershipOf` its row): one round trip where assert + read are two.
 */
export interface ReadWithMembership<T> {
  villageId: string;
  membership: ReplicaMembership;
  data: T;
}

type ReadThroughOutcome = 'member' | 'not_member' | 'no_village' | 'error' | 'cached_refusal';

/** A decision from what is known of the caller in the village (decideAccess, decideChange). */
type Decider = (facts: AccessFacts, appRoles: AppRoles) => AccessDecision;

const factsOf = (row: ReplicaMembership): AccessFacts => ({
  village: row.villageKnown && !row.villageDeleted && row.visibility ? { visibility: row.visibility } : null,
  role: row.villageDeleted ? null : row.role,
});

const factsFromAnswer = (answer: MembershipAnswer): AccessFacts => ({
  village: answer.village ? { visibility: answer.village.visibility } : null,
  role: answer.village ? answer.role : null,
});

const byPermission =
  (permission: Permission): Decider =>
  (facts, appRoles) =>
    decideAccess(facts, permission, appRoles);

/** A current member of an existing village, whatever their role. */
const byMembership: Decider = (facts) => (facts.village && facts.role !== null ? 'allow' : 'not_found');

/** The facts when allowed; `not_found` or `forbidden` (with `forbiddenMessage`) otherwise. */
function settle(decision: AccessDecision, facts: AccessFacts, forbiddenMessage: string): AccessFacts {
  if (decision === 'not_found') throw new ServiceError('not_found', 'Village not found');
  if (decision === 'forbidden') throw new ServiceError('forbidden', forbiddenMessage);
  return facts;
}

/**
 * Village access for a service, from its membership replica. The replica answers almost every
 * check; when it would refuse because it does not know the village or has no membership for the
 * user (the event may not have arrived yet), identity is asked (`membership.get`) and its answer
 * stored, so a fresh member is never refused. Identity's refusals are remembered briefly per
 * (village, user), so an outsider cannot turn every request into a call to identity.
 */
export class Access {
  private readonly negative: NegativeCache;
  private readonly inFlight = new Map<string, Promise<AccessFacts>>();
  private readonly readThroughs: Counter<'outcome'>;
  private readonly appRolesSource: AppRolesSource;

  constructor(private readonly deps: AccessDeps) {
    const { options } = deps;
    this.negative = new NegativeCache(
      options.negativeCacheMs ?? ACCESS_DEFAULTS.negativeCacheMs,
      options.negativeCacheMaxEntries ?? ACCESS_DEFAULTS.negativeCacheMaxEntries,
    );
    this.appRolesSource = new AppRolesSource(deps);
    this.readThroughs = deps.metrics.counter(
      'vv_access_read_through_total',
      'Membership checks the replica could not answer, by outcome of asking identity',
      ['outcome'],
    );
  }

  /**
   * What is known of the village and the user's membership. Reads through to identity when the
   * replica does not know the village or has no membership for the user.
   */
  async facts(villageId: string, userId: string): Promise<AccessFacts> {
    const row = await this.deps.repository.membership(this.deps.db, villageId, userId);
    const facts = factsOf(row);
    if (!this.mayBeStale(row)) return facts;
    return this.readThrough(villageId, userId, row, facts);
  }

  /** The user's role in the village, or null when they are not a member (or it does not exist). */
  async roleOf(villageId: string, userId: string): Promise<string | null> {
    return (await this.facts(villageId, userId)).role;
  }

  /** The decision for `actor` doing `permission` in the village: allow, not_found or forbidden. */
  async decide(actor: AccessActor, permission: Permission, villageId: string): Promise<AccessDecision> {
    return (await this.check(actor, villageId, byPermission(permission))).decision;
  }

  async can(actor: AccessActor, permission: Permission, villageId: string): Promise<boolean> {
    return (await this.decide(actor, permission, villageId)) === 'allow';
  }

  /**
   * Resolves with the facts when `actor` may do `permission` in the village; throws `not_found`
   * (a private village is invisible to outsiders, existence included) or `forbidden`.
   */
  async assert(
    actor: AccessActor,
    permission: Permission,
    villageId: string,
    forbiddenMessage = `Your role does not allow ${permission}`,
  ): Promise<AccessFacts> {
    const { decision, facts } = await this.check(actor, villageId, byPermission(permission));
    return settle(decision, facts, forbiddenMessage);
  }

  /**
   * Resolves with the facts when `actor` may change content of the village under `rule` (see
   * decideChange: current members only, the author while holding `rule.own`, others holding
   * `rule.others`); throws `not_found` (a private village's outsiders, former members included) or
   * `forbidden` with `forbiddenMessage`. Every write on existing content goes through here, so
   * authorship never outlives membership or the role that allowed the writing.
   */
  async assertChange(
    actor: AccessActor,
    rule: ChangeRule,
    villageId: string,
    forbiddenMessage = 'Your role does not allow this change',
  ): Promise<AccessFacts> {
    const { decision, facts } = await this.check(actor, villageId, (known, appRoles) =>
      decideChange(known, rule, appRoles),
    );
    return settle(decision, facts, forbiddenMessage);
  }

  /**
   * `assert` on the facts a read brought back with its data: the data when `actor` may do
   * `permission` in the village; `not_found` or `forbidden` as assert, and no data, otherwise.
   * When the replica could not vouch (see mayBeStale) and identity then allows, `read` runs again
   * and its data is returned: the first read's was gathered on the replica's refusal (rare path).
   */
  async assertRead<T>(
    actor: AccessActor,
    permission: Permission,
    read: () => Promise<ReadWithMembership<T>>,
    forbiddenMessage = `Your role does not allow ${permission}`,
  ): Promise<T> {
    return (await this.assertReadFacts(actor, permission, read, forbiddenMessage)).data;
  }

  /**
   * assertRead, with the facts it decided on: a further permission of the same caller in the same
   * village is then decided on them (`assertOn`, `decideOn`) without reading the replica again.
   */
  assertReadFacts<T>(
    actor: AccessActor,
    permission: Permission,
    read: () => Promise<ReadWithMembership<T>>,
    forbiddenMessage = `Your role does not allow ${permission}`,
  ): Promise<{ data: T; facts: AccessFacts }> {
    return this.readDecided(actor, byPermission(permission), read, (decision, facts) =>
      settle(decision, facts, forbiddenMessage),
    );
  }

  /** The decision for `permission` on facts an earlier check of this caller in this village returned. */
  async decideOn(facts: AccessFacts, permission: Permission): Promise<AccessDecision> {
    return decideAccess(facts, permission, await this.appRoles());
  }

  /** As assert, on facts an earlier check of this caller in this village returned (no replica read). */
  async assertOn(
    facts: AccessFacts,
    permission: Permission,
    forbiddenMessage = `Your role does not allow ${permission}`,
  ): Promise<void> {
    settle(await this.decideOn(facts, permission), facts, forbiddenMessage);
  }

  /**
   * As assertRead, for what only current members of an existing village read (their own
   * conversations): the data, or `refusal()` (and no data) for anyone else.
   */
  async memberRead<T>(
    actor: AccessActor,
    read: () => Promise<ReadWithMembership<T>>,
    refusal: () => Error,
  ): Promise<T> {
    const decided = await this.readDecided(actor, byMembership, read, (decision) => {
      if (decision !== 'allow') throw refusal();
    });
    return decided.data;
  }

  /** The first read's data when `decide` allows on its facts, or the second read's after a read-through. */
  private async readDecided<T>(
    actor: AccessActor,
    decide: Decider,
    read: () => Promise<ReadWithMembership<T>>,
    refuse: (decision: AccessDecision, facts: AccessFacts) => void,
  ): Promise<{ data: T; facts: AccessFacts }> {
    const first = await read();
    const { decision, facts, readThrough } = await this.check(
      actor,
      first.villageId,
      decide,
      first.membership,
    );
    refuse(decision, facts);
    return { data: readThrough ? (await read()).data : first.data, facts };
  }

  /** The app's role → permission map (metadata `app/roles`), from the replica, cached briefly. */
  appRoles(): Promise<AppRoles> {
    return this.appRolesSource.get();
  }

  /** The decision on the replica's row (`known`, or read now); read through when it may be stale. */
  private async check(
    actor: AccessActor,
    villageId: string,
    decide: Decider,
    known?: ReplicaMembership,
  ): Promise<{ decision: AccessDecision; facts: AccessFacts; readThrough: boolean }> {
    const [row, appRoles] = await Promise.all([
      known ?? this.deps.repository.membership(this.deps.db, villageId, actor.userId),
      this.appRoles(),
    ]);
    const facts = factsOf(row);
    const decision = decide(facts, appRoles);
    if (decision === 'allow' || !this.mayBeStale(row)) return { decision, facts, readThrough: false };
    const asked = await this.readThrough(villageId, actor.userId, row, facts);
    return { decision: decide(asked, appRoles), facts: asked, readThrough: true };
  }

  /**
   * A refusal may come from an event not applied yet when the replica does not know the village or
   * has no current membership. A deleted village is final; a member's role is current (role
   * changes arrive as events within milliseconds), so neither is asked about.
   */
  private mayBeStale(row: ReplicaMembership): boolean {
    if (row.villageDeleted) return false;
    return !row.villageKnown || row.role === null;
  }

  private readThrough(
    villageId: string,
    userId: string,
    row: ReplicaMembership,
    replicaFacts: AccessFacts,
  ): Promise<AccessFacts> {
    if (this.negative.has(villageId, userId)) {
      this.readThroughs.inc({ outcome: 'cached_refusal' });
      return Promise.resolve(replicaFacts);
    }
    const key = `${villageId}:${userId}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(villageId, userId, row).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async ask(villageId: string, userId: string, row: ReplicaMembership): Promise<AccessFacts> {
    const { rpc, repository, db, options, logger } = this.deps;
    let answer: MembershipAnswer;
    try {
      answer = await rpc.call(
        membershipGet,
        { villageId, userId },
        { timeoutMs: options.readThroughTimeoutMs ?? ACCESS_DEFAULTS.readThroughTimeoutMs },
      );
    } catch (error) {
      this.count('error');
      logger.warn({ err: error, villageId, userId }, 'membership read-through failed');
      throw error instanceof ServiceError
        ? new ServiceError(
            error.code === 'timeout' ? 'timeout' : 'unavailable',
            'Memberships cannot be checked now',
          )
        : error;
    }
    const outcome: ReadThroughOutcome = !answer.village
      ? 'no_village'
      : answer.role
        ? 'member'
        : 'not_member';
    this.count(outcome);
    if (outcome === 'member') this.negative.delete(villageId, userId);
    else this.negative.add(villageId, userId);
    try {
      await repository.storeSnapshot(db, villageId, userId, answer, row);
    } catch (error) {
      // The answer stands for this request; the event will bring the replica up to date.
      logger.warn({ err: error, villageId, userId }, 'membership read-through not stored');
    }
    return factsFromAnswer(answer);
  }

  private count(outcome: ReadThroughOutcome): void {
    this.readThroughs.inc({ outcome });
  }
}
