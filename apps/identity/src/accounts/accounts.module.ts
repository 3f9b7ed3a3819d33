import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { KeysModule } from '../keys/keys.module';
import { AccountsHandler } from './accounts.handler';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordHasher } from './password-hasher';

/** Accounts and sessions: signup, login (with brute-force limits), refresh rotation, logout. */
@Module({
  imports: [KeysModule, InvitationsModule],
  controllers: [AccountsHandler],
  providers: [AccountsRepository, AccountsService, PasswordHasher],
})
export class AccountsModule {}
