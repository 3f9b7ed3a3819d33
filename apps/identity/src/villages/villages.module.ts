import { Module } from '@nestjs/common';
import { MetadataModule } from '../metadata/metadata.module';
import { FixedVillages } from './fixed-villages.service';
import { VillageAccess } from './village-access.service';
import { VillagesHandler } from './villages.handler';
import { VillagesRepository } from './villages.repository';
import { VillagesService } from './villages.service';

/**
 * Villages: create, read, update, delete, list (mine, public, name search), join; the app's fixed
 * villages; and the access gate every village command passes (exported for members).
 */
@Module({
  imports: [MetadataModule],
  providers: [VillagesRepository, VillageAccess, VillagesService, FixedVillages, VillagesHandler],
  exports: [VillageAccess, FixedVillages],
})
export class VillagesModule {}
