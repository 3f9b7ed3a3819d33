import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { InvitationsController } from './invitations.controller';

/** Invitations: routes to identity. */
@Module({
  imports: [RoutingModule],
  controllers: [InvitationsController],
})
export class InvitationsModule {}
