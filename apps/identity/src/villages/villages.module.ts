import { Module } from '@nestjs/common';
import { CachedReadsModule } from '../cached-reads/cached-reads.module';
import { MetadataModule } from '../metadata/metadata.module';
import { VillageAccessModule } from '../village-access/village-access.module';
import { FixedVillages } from './fixed-villages.service';
import { VillagesHandler } from './villages.handler';
import { VillagesRepository } from './villages.repository';
import { VillagesService } from './villages.service';

/**
 * Villages: create, read, update, delete, list (mine, public, name search), join; and the app's
 * fixed villages. Who may do what: the village-access gate.
 */
@Module({
  imports: [CachedReadsModule, MetadataModule, VillageAccessModule],
  controllers: [VillagesHandler],
  providers: [VillagesRepository, VillagesService, FixedVillages],
  exports: [FixedVillages],
})
export class VillagesModule {}
