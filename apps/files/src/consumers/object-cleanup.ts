import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { fileDeleted } from '@vv/contracts';
import {
  backoffSchedule,
  CONFIG,
  Database,
  LOGGER,
  OnEvent,
  runPeriodically,
  type EventOf,
  type Logger,
  type Periodic,
  type SqlCaller,
} from '@vv/platform';
import type { FilesConfig } from '../config';
import { ObjectStorage } from '../storage/object-storage';

/** S3 deletes are cheap and outages short: retry soon (2 s, 10 s, 50 s, ~4 min, ~21 min), then the sweep takes over. */
const CLEANUP_BACKOFF_MS = backoffSchedule({ firstMs: 2_000, factor: 5, maxMs: 1_800_000 }, 5);
/** A removal not done this long after its last attempt is retried by the sweep. */
const STALE_REMOVAL_MS = 15 * 60_000;
const BATCH = 100;

interface RemovalRow {
  fileId: string;
  objectKey: string;
  uploadId: string | null;
  attempts: number;
}

/**
 * Objects follow their records out. Deleting a record queues its object's removal and emits
 * file.deleted in one transaction; the consumer `files-object-cleanup` deletes the object and
 * clears the removal. A crash anywhere in between leaves the event (outbox or stream) and the
 * removal row, so the object goes after the restart. Every FILES_SWEEP_INTERVAL_MS the sweep
 * deletes pending uploads past FILES_PENDING_TTL_SECONDS (through the same path) and retries
 * removals the consumer has not finished for a while (a dead-lettered event, a long S3 outage).
 */
@Injectable()
export class ObjectCleanup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private sweeping?: Periodic;

  constructor(
    @Inject(CONFIG) private readonly config: FilesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly db: Database,
    private readonly storage: ObjectStorage,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.FILES_SWEEP_INTERVAL_MS;
    if (interval > 0) this.sweeping = runPeriodically(interval, () => this.sweep());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeping?.stop();
  }

  /** Removes a deleted file's object; a failure (S3 down) rolls back and the event comes again. */
  @OnEvent(fileDeleted, {
    durable: 'object-cleanup',
    backoffMs: CLEANUP_BACKOFF_MS,
    maxDeliver: CLEANUP_BACKOFF_MS.length + 1,
  })
  async onFileDeleted({ data }: EventOf<typeof fileDeleted>, tx: SqlCaller): Promise<void> {
    const { fileId } = data;
    const removal = await tx.maybeOne<RemovalRow>('files.get_object_removal', { fileId });
    if (!removal) return;
    await this.storage.remove(removal.objectKey, removal.uploadId);
    await tx.call('files.finish_object_removal', { fileId });
  }

  /** Expires abandoned uploads and retries stale removals; never throws (the next interval retries). */
  async sweep(): Promise<void> {
    try {
      const createdBefore = new Date(Date.now() - this.config.FILES_PENDING_TTL_SECONDS * 1000).toISOString();
      let expired = 0;
      for (;;) {
        const row = await this.db.one<{ expirePendingFiles: number }>('files.expire_pending_files', {
          createdBefore,
          limit: BATCH,
        });
        expired += row.expirePendingFiles;
        if (row.expirePendingFiles < BATCH) break;
      }
      if (expired > 0) this.logger.info({ expired }, 'abandoned uploads deleted');

      const updatedBefore = new Date(Date.now() - STALE_REMOVAL_MS).toISOString();
      const stale = await this.db.call<RemovalRow>('files.claim_stale_object_removals', {
        updatedBefore,
        limit: BATCH,
      });
      for (const removal of stale) {
        await this.storage.remove(removal.objectKey, removal.uploadId);
        await this.db.call('files.finish_object_removal', { fileId: removal.fileId });
      }
      if (stale.length > 0) this.logger.info({ removed: stale.length }, 'stale object removals retried');
    } catch (error) {
      this.logger.warn({ err: error }, 'files sweep failed; the next interval retries');
    }
  }
}
