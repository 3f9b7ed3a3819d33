import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@vv/contracts';
import { audienceOf, type Viewer, viewOf } from './audience';

/** Viewers of a village V (and of another one) and envelopes, for the stream audience specs. */
export const V = randomUUID();
export const OTHER_VILLAGE = randomUUID();

export const viewer = (roles: Record<string, string> = {}, appRoles: Viewer['appRoles'] = {}): Viewer => ({
  userId: randomUUID(),
  roleIn: (villageId) => roles[villageId] ?? null,
  appRoles,
});

export const owner = viewer({ [V]: 'owner' });
export const admin = viewer({ [V]: 'admin' });
export const member = viewer({ [V]: 'member' });
export const coach = viewer({ [V]: 'COACH' }, { COACH: ['events.manage', 'invitations.manage'] });
export const elsewhere = viewer({ [OTHER_VILLAGE]: 'owner' });
export const outsider = viewer();

export const envelope = (
  type: string,
  data: Record<string, unknown>,
  villageId: string | null = V,
): EventEnvelope => ({
  id: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  villageId,
  actorId: null,
  data,
});

/** Who of `viewers` gets the event: 'full', 'redacted' or null, in the order given. */
export function views(event: EventEnvelope, viewers: Viewer[]): Array<'full' | 'redacted' | null> {
  const result = audienceOf(event);
  if (result.kind !== 'audience') throw new Error(`no audience: ${result.kind}`);
  return viewers.map((who) => {
    const view = viewOf(event, result.audience, who);
    return view === null ? null : view.redacted ? 'redacted' : 'full';
  });
}
