import { Controller } from '@nestjs/common';
import type {
  invitationAccept,
  invitationAcceptMine,
  invitationCreate,
  invitationDecline,
  invitationDeclineMine,
  invitationList,
  invitationListMine,
  invitationResend,
  invitationRevoke,
  ResponseOf,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { invitationsRoutes } from './invitations.routes';

@Controller()
export class InvitationsController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(invitationsRoutes.create)
  create(@Call() call: RouteCall<typeof invitationCreate>): Promise<ResponseOf<typeof invitationCreate>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.list)
  list(@Call() call: RouteCall<typeof invitationList>): Promise<ResponseOf<typeof invitationList>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.revoke)
  revoke(@Call() call: RouteCall<typeof invitationRevoke>): Promise<ResponseOf<typeof invitationRevoke>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.resend)
  resend(@Call() call: RouteCall<typeof invitationResend>): Promise<ResponseOf<typeof invitationResend>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.listMine)
  listMine(
    @Call() call: RouteCall<typeof invitationListMine>,
  ): Promise<ResponseOf<typeof invitationListMine>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.acceptMine)
  acceptMine(
    @Call() call: RouteCall<typeof invitationAcceptMine>,
  ): Promise<ResponseOf<typeof invitationAcceptMine>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.declineMine)
  declineMine(
    @Call() call: RouteCall<typeof invitationDeclineMine>,
  ): Promise<ResponseOf<typeof invitationDeclineMine>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.accept)
  accept(@Call() call: RouteCall<typeof invitationAccept>): Promise<ResponseOf<typeof invitationAccept>> {
    return this.commands.forward(call);
  }

  @Route(invitationsRoutes.decline)
  decline(@Call() call: RouteCall<typeof invitationDecline>): Promise<ResponseOf<typeof invitationDecline>> {
    return this.commands.forward(call);
  }
}
