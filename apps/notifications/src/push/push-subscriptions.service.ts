import { Inject, Injectable } from '@nestjs/common';
import type { PushSubscription, PushSubscriptionFields } from '@vv/contracts';
import { CONFIG, ServiceError, type Actor } from '@vv/platform';
import type { NotificationsConfig } from '../config';
import { pushEndpointProblem } from './push-endpoint';
import { PushRepository } from './push.repository';
import { VAPID_KEYS, type VapidKeys } from './vapid-keys';

/** The caller's push subscriptions (browsers), and the VAPID public key they subscribe with. */
@Injectable()
export class PushSubscriptionsService {
  constructor(
    private readonly repository: PushRepository,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async create(actor: Actor, fields: PushSubscriptionFields): Promise<PushSubscription> {
    const problem = pushEndpointProblem(fields.endpoint, this.config.PUSH_ALLOW_PRIVATE);
    if (problem) throw ServiceError.invalid([{ field: 'endpoint', reason: problem }]);
    return this.repository.register(
      actor.userId,
      { endpoint: fields.endpoint, p256dh: fields.keys.p256dh, auth: fields.keys.auth },
      this.config.PUSH_SUBSCRIPTIONS_PER_USER,
    );
  }

  async delete(actor: Actor, subscriptionId: string): Promise<void> {
    if (!(await this.repository.delete(actor.userId, subscriptionId))) {
      throw new ServiceError('not_found', 'No such push subscription');
    }
  }

  publicKey(): { publicKey: string } {
    return { publicKey: this.vapid.publicKey };
  }
}
