import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  authLogin,
  authLogout,
  authRefresh,
  authSignup,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, type CommandContext } from '@vv/platform';
import { AccountsService } from './accounts.service';

/** NATS: signup, login, refresh, logout. */
@Controller()
export class AccountsHandler {
  constructor(private readonly accounts: AccountsService) {}

  @Command(authSignup)
  signup(
    @Payload() request: ParsedRequestOf<typeof authSignup>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof authSignup>> {
    return this.accounts.signup(request, context.clientIp);
  }

  @Command(authLogin)
  login(
    @Payload() request: ParsedRequestOf<typeof authLogin>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof authLogin>> {
    return this.accounts.login(request.email, request.password, context.clientIp);
  }

  @Command(authRefresh)
  refresh(@Payload() request: ParsedRequestOf<typeof authRefresh>): Promise<ResponseOf<typeof authRefresh>> {
    return this.accounts.refresh(request.refreshToken);
  }

  @Command(authLogout)
  async logout(
    @Payload() request: ParsedRequestOf<typeof authLogout>,
  ): Promise<ResponseOf<typeof authLogout>> {
    await this.accounts.logout(request.refreshToken);
    return {};
  }
}
