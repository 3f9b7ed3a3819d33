import type { Permission } from '@vv/contracts';
import type { AccessFacts } from '@vv/access';

/**
 * Searching a village is reading it: members, and anyone signed in for a public village
 * (`not_found` for a private village's outsiders). Posts of the village's topics are readable to
 * all of them; messages only to members, and of their own conversations only (the SQL joins the
 * caller's conversation memberships). A member removed from the village stops finding the
 * messages of its conversations.
 */
export const SEARCH_PERMISSION: Permission = 'village.read';

export const mayFindMessages = (facts: AccessFacts): boolean => facts.role !== null;
