import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { uuid } from '../../common/schemas';

export const FILE_USES = ['avatar', 'attachment'] as const;

/** Why a file cannot be used; null when it can. */
export const FILE_UNUSABLE_REASONS = ['not_found', 'not_ready', 'not_owner', 'other_village'] as const;
export type FileUnusableReason = (typeof FILE_UNUSABLE_REASONS)[number];

/** The field error a caller of `file.check_use` reports for each reason. */
export const FILE_UNUSABLE_TEXT: Readonly<Record<FileUnusableReason, string>> = {
  not_found: 'no file you can read has this id',
  not_ready: 'the file is not ready: its upload has not been completed',
  not_owner: 'only a file you uploaded can be used here',
  other_village: 'the file belongs to another village',
};

/**
 * INTERNAL (no gateway route): identity asks before storing an `avatarFileId` (a ready file the
 * caller owns), messaging before storing `attachments` (ready files of the conversation's village
 * the caller may read). The caller is the command's actor.
 */
export const fileCheckUse = defineCommand({
  service: 'files',
  name: 'file.check_use',
  version: 1,
  summary: 'Internal: whether the actor may use files as an avatar or as attachments in a village',
  request: z.strictObject({
    use: z.enum(FILE_USES),
    fileIds: z.array(uuid).min(1).max(20),
    /** Attachments: the village of the message. */
    villageId: uuid.optional(),
  }),
  response: z.object({
    files: z.array(z.object({ fileId: uuid, reason: z.enum(FILE_UNUSABLE_REASONS).nullable() })),
  }),
});
