import { metadataGet } from '@vv/contracts';
import { ServiceError, type Logger, type NatsClientProxy, type SqlCaller } from '@vv/platform';
import { appRolesDocument, type AppRoles } from '../policy/role-permissions';
import { ACCESS_DEFAULTS, type AccessOptions } from './access-options';
import { APP_ROLES_DOCUMENT } from './replica-changes';
import type { ReplicaRepository } from './replica.repository';

export interface AppRolesDeps {
  db: SqlCaller;
  rpc: NatsClientProxy;
  repository: ReplicaRepository;
  logger: Logger;
  options: AccessOptions;
}

/** After identity could not answer for `app/roles`, the events alone keep them until this has passed. */
const APP_ROLES_RETRY_MS = 30_000;

/**
 * The app's role → permission map (metadata `app/roles`) for Access: from the replica, cached
 * briefly; asked of identity (and stored) while the replica has none.
 */
export class AppRolesSource {
  private cache?: { roles: AppRoles; until: number };
  private loading?: Promise<AppRoles>;
  /** When identity may be asked for `app/roles` again after it could not answer. */
  private askAfter = 0;

  constructor(private readonly deps: AppRolesDeps) {}

  get(): Promise<AppRoles> {
    const cached = this.cache;
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.roles);
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<AppRoles> {
    const { repository, db, options } = this.deps;
    let stored = await repository.appRoles(db);
    if (!stored && Date.now() >= this.askAfter) {
      const fetched = await this.fetch();
      if (fetched) {
        await repository.storeAppRolesSnapshot(db, fetched.roles, fetched.documentVersion);
        stored = fetched;
      } else {
        this.askAfter = Date.now() + APP_ROLES_RETRY_MS;
      }
    }
    const roles = stored ? this.parse(stored.roles) : {};
    this.cache = {
      roles,
      until: Date.now() + (options.appRolesCacheMs ?? ACCESS_DEFAULTS.appRolesCacheMs),
    };
    return roles;
  }

  /** Identity's `app/roles` document; `{}` when there is none; undefined when identity did not answer. */
  private async fetch(): Promise<{ roles: Record<string, unknown>; documentVersion: number } | undefined> {
    const { rpc, options, logger } = this.deps;
    try {
      const document = await rpc.call(metadataGet, APP_ROLES_DOCUMENT, {
        timeoutMs: options.readThroughTimeoutMs ?? ACCESS_DEFAULTS.readThroughTimeoutMs,
      });
      const value = document.value;
      const roles =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : {};
      return { roles, documentVersion: document.version };
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found')
        return { roles: {}, documentVersion: 0 };
      logger.warn(
        { err: error },
        'app roles could not be read from identity; app roles grant nothing until they are',
      );
      return undefined;
    }
  }

  private parse(value: Record<string, unknown>): AppRoles {
    const parsed = appRolesDocument.safeParse(value);
    if (parsed.success) return parsed.data;
    this.deps.logger.warn(
      { issues: parsed.error.issues },
      'app/roles is not a valid roles document; ignored',
    );
    return {};
  }
}
