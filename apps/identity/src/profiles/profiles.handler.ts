import { Injectable } from '@nestjs/common';
import { meDelete, meGet, meUpdate, userGet, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { ProfilesService } from './profiles.service';

/** NATS: the caller's own profile, and other users' profiles as the caller may see them. */
@Injectable()
export class ProfilesHandler {
  constructor(private readonly profiles: ProfilesService) {}

  @CommandHandler(meGet)
  me(_request: ParsedRequestOf<typeof meGet>, context: CommandContext): Promise<ResponseOf<typeof meGet>> {
    return this.profiles.getOwn(requireActor(context));
  }

  @CommandHandler(meUpdate)
  update(
    request: ParsedRequestOf<typeof meUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof meUpdate>> {
    return this.profiles.update(requireActor(context), request);
  }

  @CommandHandler(meDelete)
  async delete(
    _request: ParsedRequestOf<typeof meDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof meDelete>> {
    await this.profiles.delete(requireActor(context));
    return {};
  }

  @CommandHandler(userGet)
  user(
    request: ParsedRequestOf<typeof userGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof userGet>> {
    return this.profiles.get(requireActor(context), request.userId);
  }
}
