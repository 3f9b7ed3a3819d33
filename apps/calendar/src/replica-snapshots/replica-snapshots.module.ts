import { Module } from '@nestjs/common';
import { ReplicaSnapshotsHandler } from './replica-snapshots.handler';
import { ReplicaSnapshotsRepository } from './replica-snapshots.repository';

/** Internal snapshots for other services' replicas (notifications' attendance). */
@Module({
  providers: [ReplicaSnapshotsRepository, ReplicaSnapshotsHandler],
})
export class ReplicaSnapshotsModule {}
