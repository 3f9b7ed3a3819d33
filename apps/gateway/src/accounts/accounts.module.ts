import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { AuthController } from './auth.controller';
import { KeysController } from './keys.controller';
import { MeController } from './me.controller';
import { UsersController } from './users.controller';

/** Accounts and sessions: routes to identity. */
@Module({
  imports: [RoutingModule],
  controllers: [AuthController, MeController, UsersController, KeysController],
})
export class AccountsModule {}
