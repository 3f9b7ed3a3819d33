import { Module } from '@nestjs/common';
import { VillageAccessModule } from '../village-access/village-access.module';
import { MetadataHandler } from './metadata.handler';
import { MetadataRepository } from './metadata.repository';
import { MetadataService } from './metadata.service';

/**
 * Metadata documents by scope and key (get/put/delete with versions and If-Match); other modules
 * read app documents (roles, villages, templates) through the exported repository.
 */
@Module({
  imports: [VillageAccessModule],
  controllers: [MetadataHandler],
  providers: [MetadataRepository, MetadataService],
  exports: [MetadataRepository],
})
export class MetadataModule {}
