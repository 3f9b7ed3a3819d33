import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { CalendarFeedModule } from './calendar-feed/calendar-feed.module';
import { ContactsModule } from './contacts/contacts.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DocsModule } from './docs/docs.module';
import { EventsModule } from './events/events.module';
import { FilesModule } from './files/files.module';
import { InvitationsModule } from './invitations/invitations.module';
import { MetadataModule } from './metadata/metadata.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PostsModule } from './posts/posts.module';
import { ProblemFilter } from './problems/problem.filter';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SearchModule } from './search/search.module';
import { StreamModule } from './stream/stream.module';
import { TopicsModule } from './topics/topics.module';
import { VillagesModule } from './villages/villages.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The gateway: cross-cutting modules first, then one module per area of the API. */
@Module({
  imports: [
    RateLimitModule,
    AuthModule,
    DocsModule,
    AccountsModule,
    MetadataModule,
    ContactsModule,
    VillagesModule,
    InvitationsModule,
    ConversationsModule,
    BroadcastsModule,
    SearchModule,
    TopicsModule,
    PostsModule,
    CalendarFeedModule,
    EventsModule,
    FilesModule,
    StreamModule,
    NotificationsModule,
    WebhooksModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
})
export class GatewayModule {}
