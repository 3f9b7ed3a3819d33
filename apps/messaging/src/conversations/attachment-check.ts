import { Injectable } from '@nestjs/common';
import { FILE_UNUSABLE_TEXT, fileCheckUse, type FieldError } from '@vv/contracts';
import { NatsClientProxy, ServiceError, type Actor } from '@vv/platform';

const field = (index: number): string => `attachments.${index}`;

/** `invalid` naming every repeat of an id already listed (an id is attached at most once). */
export function assertDistinctAttachments(fileIds: readonly string[]): void {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  fileIds.forEach((fileId, index) => {
    if (seen.has(fileId)) errors.push({ field: field(index), reason: 'listed twice' });
    seen.add(fileId);
  });
  if (errors.length > 0) throw ServiceError.invalid(errors);
}

/**
 * Whether files may be attached to a message in a village: files (`file.check_use`, use
 * `attachment`) answers for ready files of that village the caller may read. Refusals are one
 * `invalid` with a field error per file (`attachments.<index>`); when files cannot answer, its
 * `unavailable` or `timeout` propagates, so nothing unchecked is stored.
 */
@Injectable()
export class AttachmentCheck {
  constructor(private readonly rpc: NatsClientProxy) {}

  /** `fileIds` are distinct (see assertDistinctAttachments) and at least one. */
  async assertUsable(actor: Actor, villageId: string, fileIds: readonly string[]): Promise<void> {
    const { files } = await this.rpc.call(
      fileCheckUse,
      { use: 'attachment', fileIds: [...fileIds], villageId },
      { actor },
    );
    const reasons = new Map(files.map((file) => [file.fileId, file.reason]));
    const errors: FieldError[] = [];
    fileIds.forEach((fileId, index) => {
      // An id files leaves out of its answer is refused as unknown rather than stored unchecked.
      const reason = reasons.has(fileId) ? reasons.get(fileId) : 'not_found';
      if (reason) errors.push({ field: field(index), reason: FILE_UNUSABLE_TEXT[reason] });
    });
    if (errors.length > 0) throw ServiceError.invalid(errors);
  }
}
