import { Injectable } from '@nestjs/common';
import { avatarSnapshot, membershipSnapshot, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler } from '@vv/platform';
import { ReplicaSnapshotsService } from './replica-snapshots.service';

/** NATS, internal (no gateway route, no actor): snapshots other services' replicas rebuild from. */
@Injectable()
export class ReplicaSnapshotsHandler {
  constructor(private readonly snapshots: ReplicaSnapshotsService) {}

  @CommandHandler(membershipSnapshot)
  membership(
    request: ParsedRequestOf<typeof membershipSnapshot>,
  ): Promise<ResponseOf<typeof membershipSnapshot>> {
    return this.snapshots.membership(request);
  }

  @CommandHandler(avatarSnapshot)
  avatars(request: ParsedRequestOf<typeof avatarSnapshot>): Promise<ResponseOf<typeof avatarSnapshot>> {
    return this.snapshots.avatars(request);
  }
}
