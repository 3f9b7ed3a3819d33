import { Injectable } from '@nestjs/common';
import { FILE_UNUSABLE_TEXT, fileCheckUse } from '@vv/contracts';
import { NatsClientProxy, ServiceError, type Actor } from '@vv/platform';

/**
 * Whether a file may become the caller's avatar: files (`file.check_use`, use `avatar`) answers
 * for a ready file the caller uploaded. A refusal is `invalid` on `avatarFileId`; when files
 * cannot answer, its `unavailable` or `timeout` propagates, so nothing unchecked is stored.
 */
@Injectable()
export class AvatarCheck {
  constructor(private readonly rpc: NatsClientProxy) {}

  async assertUsable(actor: Actor, fileId: string): Promise<void> {
    const { files } = await this.rpc.call(fileCheckUse, { use: 'avatar', fileIds: [fileId] }, { actor });
    const answer = files.find((file) => file.fileId === fileId);
    if (answer?.reason === null) return;
    // An id files leaves out of its answer is refused as unknown rather than stored unchecked.
    const reason = answer?.reason ?? 'not_found';
    throw ServiceError.invalid([{ field: 'avatarFileId', reason: FILE_UNUSABLE_TEXT[reason] }]);
  }
}
