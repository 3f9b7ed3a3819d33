import { Module } from '@nestjs/common';
import { ReplicaSnapshotsHandler } from './replica-snapshots.handler';
import { ReplicaSnapshotsRepository } from './replica-snapshots.repository';

/** Internal snapshots for other services' replicas (notifications' attendance). */
@Module({
  controllers: [ReplicaSnapshotsHandler],
  providers: [ReplicaSnapshotsRepository],
})
export class ReplicaSnapshotsModule {}
