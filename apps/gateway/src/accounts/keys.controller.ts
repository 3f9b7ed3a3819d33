import { Controller } from '@nestjs/common';
import type { jwksGet, ResponseOf } from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { accountsRoutes } from './accounts.routes';

/** The public keys that verify access tokens: the set the gateway itself verifies with. */
@Controller()
export class KeysController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(accountsRoutes.jwks)
  jwks(@Call() call: RouteCall<typeof jwksGet>): Promise<ResponseOf<typeof jwksGet>> {
    return this.commands.forward(call);
  }
}
