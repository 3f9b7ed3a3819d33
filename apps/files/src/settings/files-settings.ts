import { Inject, Injectable } from '@nestjs/common';
import {
  FILES_SETTINGS_KEY,
  filesSettingsDocument,
  mediaTypeEssence,
  metadataGet,
  type FilePermissions,
  type FilesSettingsDocument,
} from '@vv/contracts';
import {
  CONFIG,
  Database,
  LOGGER,
  NatsClientProxy,
  ServiceError,
  type Actor,
  type Logger,
  type SqlCaller,
} from '@vv/platform';
import type { FilesConfig } from '../config';

/** What applies to a village's new files: the smallest of the configured and metadata limits. */
export interface FileLimits {
  maxSizeBytes: number;
  /** Lists a type must match, one per source (config, app, village): every one must allow it. */
  allowedTypes: string[][];
  quotaBytes: number;
  defaultPermissions: FilePermissions;
}

const BUILT_IN_DEFAULTS: FilePermissions = { visibility: 'visible', read: [], write: [] };

/** Whether `type` (a media type) matches `pattern` (`type/subtype`, `type/*` or `*\/*`). */
export function matchesType(type: string, pattern: string): boolean {
  const essence = mediaTypeEssence(type);
  if (pattern === '*/*') return true;
  if (pattern.endsWith('/*')) return essence.startsWith(pattern.slice(0, -1));
  return essence === pattern.toLowerCase();
}

interface SettingsRow {
  appKnown: boolean;
  appValue: unknown;
  villageKnown: boolean;
  villageValue: unknown;
}

/**
 * The metadata `files` documents (`app/files`, `village:{id}/files`): kept from identity's
 * metadata.updated events (FilesIdentityConsumer) and read through from identity the first time
 * a village (or the app) is asked about, so a document written before this service started
 * still applies. A document that does not validate is logged and treated as absent.
 */
@Injectable()
export class FilesSettings {
  constructor(
    private readonly db: Database,
    private readonly rpc: NatsClientProxy,
    @Inject(CONFIG) private readonly config: FilesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async limitsFor(actor: Actor, villageId: string): Promise<FileLimits> {
    let row = await this.db.one<SettingsRow>('files.get_settings', { villageId });
    if (!row.appKnown || !row.villageKnown) {
      await Promise.all([
        row.appKnown ? undefined : this.readThrough(actor, 'app', 'app'),
        row.villageKnown ? undefined : this.readThrough(actor, `village:${villageId}`, villageId),
      ]);
      row = await this.db.one<SettingsRow>('files.get_settings', { villageId });
    }
    const app = this.parse(row.appValue, 'app');
    const village = this.parse(row.villageValue, `village:${villageId}`);
    const min = (values: Array<number | undefined>): number =>
      Math.min(...values.filter((value): value is number => value !== undefined));
    return {
      maxSizeBytes: min([this.config.FILES_MAX_SIZE_BYTES, app?.maxSizeBytes, village?.maxSizeBytes]),
      allowedTypes: [this.config.FILES_ALLOWED_TYPES, app?.allowedTypes, village?.allowedTypes].filter(
        (list): list is string[] => list !== undefined,
      ),
      quotaBytes: min([this.config.FILES_VILLAGE_QUOTA_BYTES, app?.quotaBytes, village?.quotaBytes]),
      defaultPermissions: {
        ...BUILT_IN_DEFAULTS,
        ...app?.defaultPermissions,
        ...village?.defaultPermissions,
      },
    };
  }

  /** Stores a document from a metadata.updated event (null: deleted). */
  store(tx: SqlCaller, scope: string, value: unknown, version: number, versionAt: string): Promise<unknown> {
    return tx.call('files.store_settings', {
      scope,
      value: value === null || value === undefined ? null : JSON.stringify(value),
      version,
      versionAt,
    });
  }

  private async readThrough(actor: Actor, metadataScope: string, scope: string): Promise<void> {
    let value: unknown = null;
    let version = 0;
    try {
      const document = await this.rpc.call(
        metadataGet,
        { scope: metadataScope, key: FILES_SETTINGS_KEY },
        { actor },
      );
      value = document.value;
      version = document.version;
    } catch (error) {
      // Absent (or not readable by this caller): the configured limits apply until an event says otherwise.
      if (!(error instanceof ServiceError) || !['not_found', 'forbidden'].includes(error.code)) throw error;
      if (error.code === 'forbidden') return;
    }
    await this.db.call('files.store_settings', {
      scope,
      value: value === null ? null : JSON.stringify(value),
      version,
    });
  }

  private parse(value: unknown, scope: string): FilesSettingsDocument | undefined {
    if (value === null || value === undefined) return undefined;
    const parsed = filesSettingsDocument.safeParse(value);
    if (parsed.success) return parsed.data;
    this.logger.warn(
      { scope, issues: parsed.error.issues },
      'metadata files is not a valid document; ignored',
    );
    return undefined;
  }
}
