import { Module } from '@nestjs/common';
import { VillageAccessRepository } from './village-access.repository';
import { VillageAccess } from './village-access.service';

/**
 * The gate every village command passes: one facts query, libs/access's decision. Imported by
 * the villages, members, contacts, metadata and invitations modules; it imports none of them.
 */
@Module({
  providers: [VillageAccessRepository, VillageAccess],
  exports: [VillageAccess],
})
export class VillageAccessModule {}
