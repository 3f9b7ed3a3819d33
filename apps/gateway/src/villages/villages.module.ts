import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { MembersController } from './members.controller';
import { VillagesController } from './villages.controller';

/** Villages, memberships and the directory: routes to identity. */
@Module({
  imports: [RoutingModule],
  controllers: [VillagesController, MembersController],
})
export class VillagesModule {}
