import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { appVillagesDocument } from '@vv/contracts';
import { LOGGER, type Logger } from '@vv/platform';
import { MetadataRepository } from '../metadata/metadata.repository';
import { VillagesRepository, type FixedVillageOutcome } from './villages.repository';

export type FixedVillagesSync = Record<FixedVillageOutcome, number>;

/**
 * The app's fixed villages, declared in metadata `app/villages`: upserted by key at start and
 * whenever that document is written (the metadata module calls `sync()`). Idempotent: an
 * unchanged document changes nothing and emits nothing. Villages whose key leaves the document
 * are kept (their members and content stay); an app deletes nothing by editing metadata.
 */
@Injectable()
export class FixedVillages implements OnApplicationBootstrap {
  constructor(
    private readonly villages: VillagesRepository,
    private readonly metadata: MetadataRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  /** Reads `app/villages` and upserts every village it declares, in one call. */
  async sync(): Promise<FixedVillagesSync> {
    const counts: FixedVillagesSync = { created: 0, updated: 0, unchanged: 0 };
    const document = await this.metadata.get('app', 'villages');
    if (!document) return counts;
    const parsed = appVillagesDocument.safeParse(document.value);
    if (!parsed.success) {
      this.logger.error(
        { issues: parsed.error.issues },
        'metadata app/villages is not valid; fixed villages not synced',
      );
      return counts;
    }
    const declared = Object.entries(parsed.data).map(([key, village]) => ({ key, ...village }));
    for (const row of await this.villages.syncFixedVillages(declared)) counts[row.outcome] += 1;
    if (counts.created + counts.updated > 0) this.logger.info(counts, 'fixed villages synced');
    return counts;
  }
}
