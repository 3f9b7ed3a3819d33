import 'reflect-metadata';
import { AccessModule } from '@vv/access';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { messagingConfigSchema } from './config';
import { ConversationsModule } from './conversations/conversations.module';
import { MESSAGING_MIGRATIONS_DIR, MESSAGING_SHARED_SQL } from './migrations';
import { PostsModule } from './posts/posts.module';
import { ReactionsModule } from './reactions/reactions.module';
import { SearchModule } from './search/search.module';
import { TopicsModule } from './topics/topics.module';
import { ReplicaSnapshotsModule } from './replica-snapshots/replica-snapshots.module';

/**
 * Messaging: direct conversations, broadcasts, topic boards with threaded posts, reactions and
 * full-text search. Village access comes from the libs/access membership replica.
 */
export async function createMessagingApp(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningApp> {
  const config = loadConfig(messagingConfigSchema, env);
  return createServiceApp({
    service: 'messaging',
    config,
    modules: [
      AccessModule.forService({ service: 'messaging' }),
      ConversationsModule,
      BroadcastsModule,
      SearchModule,
      TopicsModule,
      PostsModule,
      ReactionsModule,
      ReplicaSnapshotsModule,
    ],
    port: config.MESSAGING_HTTP_PORT,
    migrationsDir: MESSAGING_MIGRATIONS_DIR,
    migrationSources: MESSAGING_SHARED_SQL,
  });
}
