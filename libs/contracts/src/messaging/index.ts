// Messaging's messages: one folder per message, exported here and registered in ../catalogue/.
export {};
export { searchQuery, searchHit, snippetPiece, SEARCH_QUERY_MAX } from './search-query/search-query.command';
export type { SearchHit, SnippetPiece } from './search-query/search-query.command';
// Direct conversations, messages and broadcasts.
export * from './conversation/conversation.schema';
export { conversationCreate } from './conversation-create/conversation-create.command';
export { conversationList } from './conversation-list/conversation-list.command';
export {
  conversationMarkRead,
  conversationReadFields,
} from './conversation-mark-read/conversation-mark-read.command';
export { conversationCreated } from './conversation-created/conversation-created.event';
export * from './message/message.schema';
export { messageSend } from './message-send/message-send.command';
export { messageList } from './message-list/message-list.command';
export { messageEdit } from './message-edit/message-edit.command';
export { messageDelete } from './message-delete/message-delete.command';
export { messageSent } from './message-sent/message-sent.event';
export { messageEdited } from './message-edited/message-edited.event';
export { messageDeleted } from './message-deleted/message-deleted.event';
export * from './broadcast/broadcast.schema';
export { broadcastSend } from './broadcast-send/broadcast-send.command';
export { broadcastList } from './broadcast-list/broadcast-list.command';
export { broadcastMarkRead, broadcastReadFields } from './broadcast-mark-read/broadcast-mark-read.command';
export { broadcastSent } from './broadcast-sent/broadcast-sent.event';
// Topics, threaded posts and reactions.
export * from './topic/topic.schema';
export { topicList, topicListQuery } from './topic-list/topic-list.command';
export { topicGet } from './topic-get/topic-get.command';
export { topicCreate } from './topic-create/topic-create.command';
export { topicUpdate } from './topic-update/topic-update.command';
export { topicDelete } from './topic-delete/topic-delete.command';
export { topicCheckIds, TOPIC_CHECK_IDS_MAX } from './topic-check-ids/topic-check-ids.command';
export { topicCreated } from './topic-created/topic-created.event';
export { topicUpdated } from './topic-updated/topic-updated.event';
export { topicDeleted } from './topic-deleted/topic-deleted.event';
export * from './post/post.schema';
export { postList, postListQuery } from './post-list/post-list.command';
export { postCreate } from './post-create/post-create.command';
export { postUpdate } from './post-update/post-update.command';
export { postDelete } from './post-delete/post-delete.command';
export { postCreated } from './post-created/post-created.event';
export { postEdited } from './post-edited/post-edited.event';
export { postDeleted } from './post-deleted/post-deleted.event';
export * from './reaction/reaction.schema';
export { reactionAdd } from './reaction-add/reaction-add.command';
export { reactionRemove } from './reaction-remove/reaction-remove.command';
export { reactionAdded } from './reaction-added/reaction-added.event';
export { reactionRemoved } from './reaction-removed/reaction-removed.event';
export { attachmentSnapshot } from './attachment-snapshot/attachment-snapshot.command';
