import { accountsRoutes } from './accounts/accounts.routes';
import { broadcastsRoutes } from './broadcasts/broadcasts.routes';
import { calendarFeedRoutes } from './calendar-feed/calendar-feed.routes';
import { contactsRoutes } from './contacts/contacts.routes';
import { conversationsRoutes } from './conversations/conversations.routes';
import { eventsRoutes } from './events/events.routes';
import { filesRoutes } from './files/files.routes';
import { invitationsRoutes } from './invitations/invitations.routes';
import { metadataRoutes } from './metadata/metadata.routes';
import { notificationsRoutes } from './notifications/notifications.routes';
import { postsRoutes } from './posts/posts.routes';
import type { RouteGroup } from './routing/route-controller';
import type { RouteDefinition } from './routing/route-definition';
import { searchRoutes } from './search/search.routes';
import { topicsRoutes } from './topics/topics.routes';
import { villagesRoutes } from './villages/villages.routes';
import { webhooksRoutes } from './webhooks/webhooks.routes';

/**
 * The REST API, one route table per area (each in `<area>/<area>.routes.ts`, beside nothing else):
 * `RoutingModule.forRoutes` serves each table with one generated controller named after its key.
 */
export const API_ROUTES = {
  Accounts: accountsRoutes,
  Metadata: metadataRoutes,
  Contacts: contactsRoutes,
  Villages: villagesRoutes,
  Invitations: invitationsRoutes,
  Conversations: conversationsRoutes,
  Broadcasts: broadcastsRoutes,
  Search: searchRoutes,
  Topics: topicsRoutes,
  Posts: postsRoutes,
  CalendarFeed: calendarFeedRoutes,
  Events: eventsRoutes,
  Files: filesRoutes,
  Notifications: notificationsRoutes,
  Webhooks: webhooksRoutes,
};

/** Every route the gateway serves, as the OpenAPI document lists them. */
export const apiRoutes = (): RouteDefinition[] =>
  Object.values(API_ROUTES).flatMap((routes: RouteGroup) => Object.values(routes));
