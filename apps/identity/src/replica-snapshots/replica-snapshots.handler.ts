import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { avatarSnapshot, membershipSnapshot, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command } from '@vv/platform';
import { ReplicaSnapshotsService } from './replica-snapshots.service';

/** NATS, internal (no gateway route, no actor): snapshots other services' replicas rebuild from. */
@Controller()
export class ReplicaSnapshotsHandler {
  constructor(private readonly snapshots: ReplicaSnapshotsService) {}

  @Command(membershipSnapshot)
  membership(
    @Payload() request: ParsedRequestOf<typeof membershipSnapshot>,
  ): Promise<ResponseOf<typeof membershipSnapshot>> {
    return this.snapshots.membership(request);
  }

  @Command(avatarSnapshot)
  avatars(
    @Payload() request: ParsedRequestOf<typeof avatarSnapshot>,
  ): Promise<ResponseOf<typeof avatarSnapshot>> {
    return this.snapshots.avatars(request);
  }
}
