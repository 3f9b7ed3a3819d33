import { Module } from '@nestjs/common';
import { FixedTopicsConsumer } from './fixed-topics.consumer';
import { TopicsHandler } from './topics.handler';
import { TopicsPolicy } from './topics.policy';
import { TopicsRepository } from './topics.repository';
import { TopicsService } from './topics.service';

/**
 * Topics (message boards) of a village: villagers' topics and the app's fixed topics of
 * `app/topics`, pinned/locked/archived by moderators. Village access comes from the global
 * AccessModule. Exports the service so posts can read a topic under the same rules.
 */
@Module({
  controllers: [TopicsHandler],
  providers: [TopicsRepository, TopicsPolicy, TopicsService, FixedTopicsConsumer],
  exports: [TopicsService, TopicsPolicy],
})
export class TopicsModule {}
