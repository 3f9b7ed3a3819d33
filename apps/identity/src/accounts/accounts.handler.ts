import { Injectable } from '@nestjs/common';
import {
  authLogin,
  authLogout,
  authRefresh,
  authSignup,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, type CommandContext } from '@vv/platform';
import { AccountsService } from './accounts.service';

/** NATS: signup, login, refresh, logout. */
@Injectable()
export class AccountsHandler {
  constructor(private readonly accounts: AccountsService) {}

  @CommandHandler(authSignup)
  signup(
    request: ParsedRequestOf<typeof authSignup>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof authSignup>> {
    return this.accounts.signup(request, context.clientIp);
  }

  @CommandHandler(authLogin)
  login(
    request: ParsedRequestOf<typeof authLogin>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof authLogin>> {
    return this.accounts.login(request.email, request.password, context.clientIp);
  }

  @CommandHandler(authRefresh)
  refresh(request: ParsedRequestOf<typeof authRefresh>): Promise<ResponseOf<typeof authRefresh>> {
    return this.accounts.refresh(request.refreshToken);
  }

  @CommandHandler(authLogout)
  async logout(request: ParsedRequestOf<typeof authLogout>): Promise<ResponseOf<typeof authLogout>> {
    await this.accounts.logout(request.refreshToken);
    return {};
  }
}
