import type { AccessDecision } from '@vv/access';
import {
  decideVillageAccess,
  isAppAdmin,
  type VillageAccessFacts,
} from '../village-access/village-access.policy';

/** Where a document lives: the scope as the API names it, resolved for the caller. */
export type MetadataAddress =
  | { kind: 'app'; stored: 'app' }
  | { kind: 'user'; stored: string }
  | { kind: 'village'; stored: string; villageId: string };

export type MetadataOperation = 'read' | 'write';

/** `app`, `user` (the caller's own: stored `user:<id>`) or `village:<id>`. */
export function addressOf(scope: string, actorId: string): MetadataAddress {
  if (scope === 'app') return { kind: 'app', stored: 'app' };
  if (scope === 'user') return { kind: 'user', stored: `user:${actorId}` };
  const villageId = scope.slice('village:'.length).toLowerCase();
  return { kind: 'village', stored: `village:${villageId}`, villageId };
}

/**
 * Who may read and write a document:
 * - `app`: everyone signed in reads; app admins write.
 * - `village:{id}`: what libs/access decides for `village.read` (members; anyone signed in when
 *   the village is public) and `metadata.write` (admins and roles granted it); a private village
 *   is `not_found` to outsiders.
 * - `user`: the caller's own documents only (the address itself is the caller's).
 */
export function decideMetadataAccess(
  address: MetadataAddress,
  operation: MetadataOperation,
  facts: VillageAccessFacts | undefined,
  adminEmails: readonly string[],
): AccessDecision {
  switch (address.kind) {
    case 'user':
      return 'allow';
    case 'app':
      if (operation === 'read') return 'allow';
      return isAppAdmin(facts?.actorEmail ?? null, adminEmails) ? 'allow' : 'forbidden';
    case 'village':
      if (!facts) return 'not_found';
      return decideVillageAccess(facts, operation === 'read' ? 'village.read' : 'metadata.write');
    default:
      return address satisfies never;
  }
}

/**
 * Whether deciding needs the village-access facts (a village's, or the caller's email for app
 * writes); app reads and the caller's own documents need no query.
 */
export const needsFacts = (address: MetadataAddress, operation: MetadataOperation): boolean =>
  address.kind === 'village' || (address.kind === 'app' && operation === 'write');
