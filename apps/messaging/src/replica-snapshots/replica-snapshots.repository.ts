import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';

export interface AttachmentSnapshotRow {
  messageId: string;
  authorId: string;
  recipientIds: string[];
  attachments: string[];
}

/** The only file of the replica snapshots that calls SQL (db/messaging/0009_attachment_snapshot.sql). */
@Injectable()
export class ReplicaSnapshotsRepository {
  constructor(private readonly db: Database) {}

  attachments(after: string | null, limit: number): Promise<AttachmentSnapshotRow[]> {
    return this.db.call<AttachmentSnapshotRow>('messaging.snapshot_attachments', { after, limit });
  }
}
