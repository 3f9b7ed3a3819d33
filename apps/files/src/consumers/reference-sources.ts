import type { ReplicaSource } from '@vv/access';
import { attachmentSnapshot, avatarSnapshot, type ResponseOf } from '@vv/contracts';
import type { ReferencesRepository } from './references.repository';

export const FILES_IDENTITY_CONSUMER = 'files-identity';
export const FILES_MESSAGING_CONSUMER = 'files-messaging';

/** The bootstraps (ReplicaBootstrap providers), hooks of the consumers that keep the two replicas. */
export const AVATARS_BOOTSTRAP = Symbol('files:avatars-bootstrap');
export const GRANTS_BOOTSTRAP = Symbol('files:message-grants-bootstrap');

export type AttachmentSnapshotItem = ResponseOf<typeof attachmentSnapshot>['items'][number];
export type AvatarSnapshotItem = ResponseOf<typeof avatarSnapshot>['items'][number];

/** Attachment grants, rebuilt from messaging's `attachment.snapshot`, kept by `files-messaging`. */
export const messageGrantsSource = (
  references: ReferencesRepository,
): ReplicaSource<AttachmentSnapshotItem> => ({
  name: 'message-grants',
  command: attachmentSnapshot,
  store: (tx, items, syncedAt) => references.storeGrantsSnapshot(tx, items, syncedAt),
  sweep: (tx, syncedAt) => references.sweepGrants(tx, syncedAt),
});

/** Avatars, rebuilt from identity's `avatar.snapshot`, kept by `files-identity`. */
export const avatarsSource = (references: ReferencesRepository): ReplicaSource<AvatarSnapshotItem> => ({
  name: 'avatars',
  command: avatarSnapshot,
  store: (tx, items, syncedAt) => references.storeAvatarsSnapshot(tx, items, syncedAt),
  sweep: (tx, syncedAt) => references.sweepAvatars(tx, syncedAt),
});
