import { Module } from '@nestjs/common';
import { replicaBootstrapProvider, tombstonePurgeProvider } from '@vv/access';
import { PreferencesModule } from '../preferences/preferences.module';
import { PushModule } from '../push/push.module';
import { ATTENDANCE_BOOTSTRAP, attendanceSource } from './attendance-source';
import { AudienceRepository } from './audience.repository';
import { InboxConsumer } from './inbox.consumer';
import { InboxHandler } from './inbox.handler';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { Notifier } from './notifier';

/**
 * In-app notifications: derived from other services' events by the inbox consumers (preferences
 * applied, pushes queued), listed and marked read by their user. The audiences' tombstones
 * (cancelled events, deleted accounts) are purged once past the stream's retention.
 */
@Module({
  imports: [PreferencesModule, PushModule],
  controllers: [InboxHandler],
  providers: [
    InboxRepository,
    AudienceRepository,
    Notifier,
    InboxConsumer,
    replicaBootstrapProvider(ATTENDANCE_BOOTSTRAP, attendanceSource, [AudienceRepository]),
    InboxService,
    tombstonePurgeProvider(['notifications.purge_audience_tombstones']),
  ],
})
export class InboxModule {}
