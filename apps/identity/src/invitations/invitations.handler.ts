import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  invitationAccept,
  invitationAcceptMine,
  invitationCreate,
  invitationDecline,
  invitationDeclineMine,
  invitationList,
  invitationListMine,
  invitationMailGet,
  invitationResend,
  invitationRevoke,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { hashInvitationToken } from './invitation-token';
import { InvitationsService } from './invitations.service';

/** NATS: invitations (admin side, invitee side) and the mail sender's render data. */
@Controller()
export class InvitationsHandler {
  constructor(private readonly invitations: InvitationsService) {}

  @Command(invitationCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof invitationCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationCreate>> {
    return this.invitations.create(requireActor(context), request);
  }

  @Command(invitationList)
  list(
    @Payload() request: ParsedRequestOf<typeof invitationList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationList>> {
    return this.invitations.list(requireActor(context), request.villageId, request.status, request);
  }

  @Command(invitationRevoke)
  revoke(
    @Payload() request: ParsedRequestOf<typeof invitationRevoke>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationRevoke>> {
    return this.invitations.revoke(requireActor(context), request.villageId, request.invitationId);
  }

  @Command(invitationResend)
  resend(
    @Payload() request: ParsedRequestOf<typeof invitationResend>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationResend>> {
    return this.invitations.resend(requireActor(context), request.villageId, request.invitationId);
  }

  @Command(invitationListMine)
  listMine(
    @Payload() request: ParsedRequestOf<typeof invitationListMine>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationListMine>> {
    return this.invitations.listMine(requireActor(context), request);
  }

  @Command(invitationAccept)
  accept(
    @Payload() request: ParsedRequestOf<typeof invitationAccept>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationAccept>> {
    return this.invitations.accept(requireActor(context), { tokenHash: hashInvitationToken(request.token) });
  }

  @Command(invitationAcceptMine)
  acceptMine(
    @Payload() request: ParsedRequestOf<typeof invitationAcceptMine>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationAcceptMine>> {
    return this.invitations.accept(requireActor(context), { invitationId: request.invitationId });
  }

  @Command(invitationDecline)
  decline(
    @Payload() request: ParsedRequestOf<typeof invitationDecline>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationDecline>> {
    return this.invitations.decline(requireActor(context), { tokenHash: hashInvitationToken(request.token) });
  }

  @Command(invitationDeclineMine)
  declineMine(
    @Payload() request: ParsedRequestOf<typeof invitationDeclineMine>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof invitationDeclineMine>> {
    return this.invitations.decline(requireActor(context), { invitationId: request.invitationId });
  }

  /** Internal: no gateway route serves it; NATS permissions should limit it to notifications. */
  @Command(invitationMailGet)
  mail(
    @Payload() request: ParsedRequestOf<typeof invitationMailGet>,
  ): Promise<ResponseOf<typeof invitationMailGet>> {
    return this.invitations.mail(request);
  }
}
