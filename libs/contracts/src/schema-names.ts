import type { z } from 'zod';
import { feedToken } from './calendar/feed-token-create/feed-token-create.command';
import { calendarEvent, eventOccurrence } from './calendar/event/event.schema';
import { jsonValue } from './common/schemas';
import { fileDownloadRecord } from './files/download-list/download-list.command';
import { file, filePermissions, fileUpload } from './files/file/file.schema';
import { contact, contactDetails } from './identity/contact/contact.schema';
import { invitation } from './identity/invitation/invitation.schema';
import { memberAddResult } from './identity/member-add/member-add.command';
import { directoryEntry } from './identity/member-list/member-list.command';
import { metadataDocument } from './identity/metadata/metadata.schema';
import {
  contactInfo,
  emergencyInfo,
  ownProfile,
  sessionTokens,
  sharingSettings,
  visibleProfile,
} from './identity/profile/profile.schema';
import { membership, village } from './identity/village/village.schema';
import { broadcast } from './messaging/broadcast/broadcast.schema';
import { conversation } from './messaging/conversation/conversation.schema';
import { message } from './messaging/message/message.schema';
import { post } from './messaging/post/post.schema';
import { searchHit } from './messaging/search-query/search-query.command';
import { topic } from './messaging/topic/topic.schema';
import { notification } from './notifications/notification/notification.schema';
import { notificationPreferences } from './notifications/preferences/preferences.schema';
import { pushSubscription } from './notifications/push-subscription/push-subscription.schema';
import { webhook, webhookDelivery } from './notifications/webhook-schema/webhook.schema';

/**
 * The names API documents give the contracts' shared schemas (OpenAPI `components.schemas`), so a
 * client generated from them gets `User`, `Village`, `Member`… A schema used as is (not a copy made
 * by `.extend`, `.pick`…) is referenced by its name wherever it appears; any other is inlined.
 */
export const NAMED_SCHEMAS = {
  User: ownProfile,
  Profile: visibleProfile,
  ContactInfo: contactInfo,
  EmergencyInfo: emergencyInfo,
  SharingSettings: sharingSettings,
  SessionTokens: sessionTokens,
  Village: village,
  Membership: membership,
  Member: directoryEntry,
  MemberAddResult: memberAddResult,
  Contact: contact,
  ContactDetails: contactDetails,
  Invitation: invitation,
  MetadataDocument: metadataDocument,
  JsonValue: jsonValue,
  Conversation: conversation,
  Message: message,
  Broadcast: broadcast,
  Topic: topic,
  Post: post,
  SearchHit: searchHit,
  Event: calendarEvent,
  EventOccurrence: eventOccurrence,
  FeedToken: feedToken,
  File: file,
  FilePermissions: filePermissions,
  FileUpload: fileUpload,
  FileDownload: fileDownloadRecord,
  Notification: notification,
  NotificationPreferences: notificationPreferences,
  PushSubscription: pushSubscription,
  Webhook: webhook,
  WebhookDelivery: webhookDelivery,
} as const satisfies Record<string, z.ZodType>;
