import { Injectable } from '@nestjs/common';
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
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { hashInvitationToken } from './invitation-token';
import { InvitationsService } from './invitations.service';

/** NATS: invitations (admin side, invitee side) and the mail sender's render data. */
@Injectable()
export class InvitationsHandler {
  constructor(private readonly invitations: InvitationsService) {}

  @CommandHandler(invitationCreate)
  create(
    request: ParsedRequestOf<typeof invitationCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationCreate>> {
    return this.invitations.create(requireActor(context), request);
  }

  @CommandHandler(invitationList)
  list(
    request: ParsedRequestOf<typeof invitationList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationList>> {
    return this.invitations.list(requireActor(context), request.villageId, request.status, request);
  }

  @CommandHandler(invitationRevoke)
  revoke(
    request: ParsedRequestOf<typeof invitationRevoke>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationRevoke>> {
    return this.invitations.revoke(requireActor(context), request.villageId, request.invitationId);
  }

  @CommandHandler(invitationResend)
  resend(
    request: ParsedRequestOf<typeof invitationResend>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationResend>> {
    return this.invitations.resend(requireActor(context), request.villageId, request.invitationId);
  }

  @CommandHandler(invitationListMine)
  listMine(
    request: ParsedRequestOf<typeof invitationListMine>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationListMine>> {
    return this.invitations.listMine(requireActor(context), request);
  }

  @CommandHandler(invitationAccept)
  accept(
    request: ParsedRequestOf<typeof invitationAccept>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationAccept>> {
    return this.invitations.accept(requireActor(context), { tokenHash: hashInvitationToken(request.token) });
  }

  @CommandHandler(invitationAcceptMine)
  acceptMine(
    request: ParsedRequestOf<typeof invitationAcceptMine>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationAcceptMine>> {
    return this.invitations.accept(requireActor(context), { invitationId: request.invitationId });
  }

  @CommandHandler(invitationDecline)
  decline(
    request: ParsedRequestOf<typeof invitationDecline>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationDecline>> {
    return this.invitations.decline(requireActor(context), { tokenHash: hashInvitationToken(request.token) });
  }

  @CommandHandler(invitationDeclineMine)
  declineMine(
    request: ParsedRequestOf<typeof invitationDeclineMine>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof invitationDeclineMine>> {
    return this.invitations.decline(requireActor(context), { invitationId: request.invitationId });
  }

  /** Internal: no gateway route serves it; NATS permissions should limit it to notifications. */
  @CommandHandler(invitationMailGet)
  mail(request: ParsedRequestOf<typeof invitationMailGet>): Promise<ResponseOf<typeof invitationMailGet>> {
    return this.invitations.mail(request);
  }
}
