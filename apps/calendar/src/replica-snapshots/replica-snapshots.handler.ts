import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { attendanceSnapshot, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, decodeCursor, pageOf } from '@vv/platform';
import { z } from 'zod';
import { ReplicaSnapshotsRepository } from './replica-snapshots.repository';

/** After (event, occurrence as PostgreSQL prints it, member). */
const attendanceCursor = z.tuple([z.uuid(), z.string().min(1).max(64), z.uuid()]);

/** NATS, internal (no gateway route, no actor): the snapshot notifications rebuilds attendance from. */
@Controller()
export class ReplicaSnapshotsHandler {
  constructor(private readonly repository: ReplicaSnapshotsRepository) {}

  @Command(attendanceSnapshot)
  async attendance(
    @Payload() { cursor, limit }: ParsedRequestOf<typeof attendanceSnapshot>,
  ): Promise<ResponseOf<typeof attendanceSnapshot>> {
    const after = decodeCursor(cursor ?? undefined, attendanceCursor);
    const rows = await this.repository.attendance(after ?? null, limit + 1);
    return pageOf(
      rows,
      limit,
      (row) => [row.eventId, row.occurrenceKey, row.memberId],
      ({ occurrenceKey: _key, ...item }) => item,
    );
  }
}
