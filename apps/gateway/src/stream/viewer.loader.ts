import { Injectable } from '@nestjs/common';
import { APP_ROLES_DOCUMENT, appRolesDocument, type AppRoles } from '@vv/access';
import { meGet, metadataGet, PAGE_LIMIT_MAX, villageList } from '@vv/contracts';
import { NatsClientProxy, ServiceError, type Actor } from '@vv/platform';

/** What a stream socket starts from, read from identity as its user. */
@Injectable()
export class ViewerLoader {
  constructor(private readonly rpc: NatsClientProxy) {}

  /** Fails `unauthenticated` when the token's session has ended (logout, reuse, deleted account). */
  async assertSessionActive(actor: Actor, requestId: string): Promise<void> {
    await this.rpc.call(meGet, {}, { actor, requestId });
  }

  /** Every village the user belongs to, with their role there (all pages of `village.list` mine). */
  async memberships(actor: Actor, requestId: string): Promise<Map<string, string>> {
    const roles = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.rpc.call(
        villageList,
        { scope: 'mine', limit: PAGE_LIMIT_MAX, ...(cursor ? { cursor } : {}) },
        { actor, requestId },
      );
      for (const village of page.items) if (village.myRole) roles.set(village.id, village.myRole);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return roles;
  }

  /** The app's `app/roles` document (role → permissions); none when it does not exist. */
  async appRoles(actor: Actor, requestId: string): Promise<AppRoles> {
    try {
      const doc = await this.rpc.call(metadataGet, { ...APP_ROLES_DOCUMENT }, { actor, requestId });
      const parsed = appRolesDocument.safeParse(doc.value);
      return parsed.success ? parsed.data : {};
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return {};
      throw error;
    }
  }
}
