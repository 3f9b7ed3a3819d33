import { appRolesDocument, decideAccess, type AccessDecision, type AppRoles } from '@vv/access';
import type { ActorFactsRow } from './metadata.repository';

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

/** App admins are the users whose email is in APP_ADMIN_EMAILS (case-insensitive). */
export const isAppAdmin = (email: string | null, adminEmails: readonly string[]): boolean =>
  email !== null && adminEmails.some((admin) => admin.toLowerCase() === email.toLowerCase());

/** Metadata `app/roles` as the policy reads it; an invalid stored document counts as none. */
export function appRolesOf(stored: unknown): AppRoles {
  if (stored === null || stored === undefined) return {};
  const parsed = appRolesDocument.safeParse(stored);
  return parsed.success ? parsed.data : {};
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
  facts: ActorFactsRow | undefined,
  adminEmails: readonly string[],
): AccessDecision {
  switch (address.kind) {
    case 'user':
      return 'allow';
    case 'app':
      if (operation === 'read') return 'allow';
      return isAppAdmin(facts?.email ?? null, adminEmails) ? 'allow' : 'forbidden';
    case 'village':
      return decideAccess(
        {
          village: facts?.villageVisibility ? { visibility: facts.villageVisibility } : null,
          role: facts?.role ?? null,
        },
        operation === 'read' ? 'village.read' : 'metadata.write',
        appRolesOf(facts?.appRoles),
      );
    default:
      return address satisfies never;
  }
}

/** Whether deciding needs the facts from the database (a village's, or the caller's email for app writes). */
export const needsFacts = (address: MetadataAddress, operation: MetadataOperation): boolean =>
  address.kind === 'village' || (address.kind === 'app' && operation === 'write');
