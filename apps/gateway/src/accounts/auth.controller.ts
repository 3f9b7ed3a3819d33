import { Controller } from '@nestjs/common';
import type { authLogin, authLogout, authRefresh, authSignup, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { accountsRoutes } from './accounts.routes';

@Controller()
export class AuthController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(accountsRoutes.signup)
  signup(@Call() call: RouteCall<typeof authSignup>): Promise<ResponseOf<typeof authSignup>> {
    return this.commands.forward(call);
  }

  @Route(accountsRoutes.login)
  login(@Call() call: RouteCall<typeof authLogin>): Promise<ResponseOf<typeof authLogin>> {
    return this.commands.forward(call);
  }

  @Route(accountsRoutes.refresh)
  refresh(@Call() call: RouteCall<typeof authRefresh>): Promise<ResponseOf<typeof authRefresh>> {
    return this.commands.forward(call);
  }

  @Route(accountsRoutes.logout)
  async logout(@Call() call: RouteCall<typeof authLogout>): Promise<void> {
    await this.commands.forward(call);
  }
}
