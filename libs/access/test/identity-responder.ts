import {
  commandSubject,
  membershipGet,
  membershipSnapshot,
  metadataGet,
  type ResponseOf,
} from '@vv/contracts';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { respondData, respondError } from '@vv/platform';
import { SnapshotResponder } from '@vv/testing';

type MembershipAnswer = ResponseOf<typeof membershipGet>;
type SnapshotItem = ResponseOf<typeof membershipSnapshot>['items'][number];

/**
 * A stand-in for identity's `membership.get`, `membership.snapshot` and `metadata.get` over real
 * NATS: answers from what the test sets, and counts the requests it gets.
 */
export class IdentityResponder {
  readonly memberships = new Map<string, MembershipAnswer>();
  appRoles: Record<string, string[]> | null = null;
  /** What `membership.snapshot` pages through (a cursor is an index here). */
  snapshot: SnapshotItem[] = [];
  membershipRequests = 0;
  metadataRequests = 0;
  private readonly subscriptions: Subscription[] = [];
  private readonly snapshots: SnapshotResponder;

  constructor(nc: NatsConnection, prefix: string) {
    this.snapshots = new SnapshotResponder(nc, prefix, membershipSnapshot, () => this.snapshot);
    this.subscriptions.push(
      nc.subscribe(commandSubject(prefix, membershipGet), {
        callback: (_error, msg) => {
          this.membershipRequests++;
          const { villageId, userId } = msg.json<{ villageId: string; userId: string }>();
          const answer = this.memberships.get(`${villageId}:${userId}`) ?? { village: null, role: null };
          respondData(msg, answer);
        },
      }),
      nc.subscribe(commandSubject(prefix, metadataGet), {
        callback: (_error, msg) => {
          this.metadataRequests++;
          if (this.appRoles) {
            respondData(msg, {
              scope: 'app',
              key: 'roles',
              version: 1,
              value: this.appRoles,
              updatedBy: null,
              createdAt: new Date().toISOString(),
              updatedAt: new Date().toISOString(),
            });
          } else {
            respondError(msg, { code: 'not_found', message: 'No such document' });
          }
        },
      }),
    );
  }

  answer(villageId: string, userId: string, answer: MembershipAnswer): void {
    this.memberships.set(`${villageId}:${userId}`, answer);
  }

  get snapshotRequests(): number {
    return this.snapshots.requests;
  }

  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    void this.snapshots.close();
  }
}
