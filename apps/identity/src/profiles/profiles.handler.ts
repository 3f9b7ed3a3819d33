import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { meDelete, meGet, meUpdate, userGet, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { ProfilesService } from './profiles.service';

/** NATS: the caller's own profile, and other users' profiles as the caller may see them. */
@Controller()
export class ProfilesHandler {
  constructor(private readonly profiles: ProfilesService) {}

  @Command(meGet)
  me(
    @Payload() _request: ParsedRequestOf<typeof meGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof meGet>> {
    return this.profiles.getOwn(requireActor(context));
  }

  @Command(meUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof meUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof meUpdate>> {
    return this.profiles.update(requireActor(context), request);
  }

  @Command(meDelete)
  async delete(
    @Payload() _request: ParsedRequestOf<typeof meDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof meDelete>> {
    await this.profiles.delete(requireActor(context));
    return {};
  }

  @Command(userGet)
  user(
    @Payload() request: ParsedRequestOf<typeof userGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof userGet>> {
    return this.profiles.get(requireActor(context), request.userId);
  }
}
