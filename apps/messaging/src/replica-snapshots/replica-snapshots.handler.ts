import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { attachmentSnapshot, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, decodeCursor, pageOf } from '@vv/platform';
import { z } from 'zod';
import { ReplicaSnapshotsRepository } from './replica-snapshots.repository';

const messageCursor = z.tuple([z.uuid()]);

/** NATS, internal (no gateway route, no actor): the snapshot files rebuilds its attachment grants from. */
@Controller()
export class ReplicaSnapshotsHandler {
  constructor(private readonly repository: ReplicaSnapshotsRepository) {}

  @Command(attachmentSnapshot)
  async attachments(
    @Payload() { cursor, limit }: ParsedRequestOf<typeof attachmentSnapshot>,
  ): Promise<ResponseOf<typeof attachmentSnapshot>> {
    const after = decodeCursor(cursor ?? undefined, messageCursor);
    const rows = await this.repository.attachments(after?.[0] ?? null, limit + 1);
    return pageOf(
      rows,
      limit,
      (row) => [row.messageId],
      (row) => row,
    );
  }
}
