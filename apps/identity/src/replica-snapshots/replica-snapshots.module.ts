import { Module } from '@nestjs/common';
import { ReplicaSnapshotsHandler } from './replica-snapshots.handler';
import { ReplicaSnapshotsRepository } from './replica-snapshots.repository';
import { ReplicaSnapshotsService } from './replica-snapshots.service';

/** Internal snapshots for other services' replicas (libs/access membership replica, files' avatars). */
@Module({
  controllers: [ReplicaSnapshotsHandler],
  providers: [ReplicaSnapshotsRepository, ReplicaSnapshotsService],
})
export class ReplicaSnapshotsModule {}
