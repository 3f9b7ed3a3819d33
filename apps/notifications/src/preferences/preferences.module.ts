import { Module } from '@nestjs/common';
import { PreferencesHandler } from './preferences.handler';
import { PreferencesPolicy } from './preferences.policy';
import { PreferencesRepository } from './preferences.repository';
import { PreferencesService } from './preferences.service';

/**
 * Notification preferences per member and village (level, topic settings); village access from
 * the global AccessModule. Exports the repository for the inbox's derivation.
 */
@Module({
  providers: [PreferencesRepository, PreferencesPolicy, PreferencesService, PreferencesHandler],
  exports: [PreferencesRepository],
})
export class PreferencesModule {}
