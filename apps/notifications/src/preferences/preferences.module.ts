import { Module } from '@nestjs/common';
import { PreferencesHandler } from './preferences.handler';
import { PreferencesPolicy } from './preferences.policy';
import { PreferencesRepository } from './preferences.repository';
import { PreferencesService } from './preferences.service';
import { TopicCheck } from './topic-check';

/**
 * Notification preferences per member and village (level, topic settings); village access from
 * the global AccessModule, topic ids checked with messaging (`topic.check_ids`). Exports the repository for the inbox's derivation.
 */
@Module({
  controllers: [PreferencesHandler],
  providers: [PreferencesRepository, PreferencesPolicy, TopicCheck, PreferencesService],
  exports: [PreferencesRepository],
})
export class PreferencesModule {}
