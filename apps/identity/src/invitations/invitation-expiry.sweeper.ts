import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG, LOGGER, runPeriodically, type Logger, type Periodic } from '@vv/platform';
import type { IdentityConfig } from '../config';
import { InvitationsRepository } from './invitations.repository';

const BATCH = 100;

/**
 * Emits invitation.expired for pending invitations past their expiry, every
 * INVITATION_SWEEP_INTERVAL_MS (0 turns it off). Replicas sweep side by side (skip locked).
 * A link used after its expiry but before a sweep expires its invitation on the spot.
 */
@Injectable()
export class InvitationExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private periodic?: Periodic;

  constructor(
    private readonly repository: InvitationsRepository,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.INVITATION_SWEEP_INTERVAL_MS;
    if (interval <= 0) return;
    this.periodic = runPeriodically(interval, async () => {
      await this.sweep();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic?.stop();
  }

  /** Expires every due invitation, a batch at a time; how many. */
  async sweep(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const expired = await this.repository.expireDue(BATCH);
        total += expired;
        if (expired < BATCH) break;
      }
      if (total > 0) this.logger.info({ expired: total }, 'invitations expired');
    } catch (error) {
      this.logger.warn({ err: error }, 'invitation expiry sweep failed; next interval retries');
    }
    return total;
  }
}
