import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { preferencesGet, preferencesPut, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { PreferencesService } from './preferences.service';

/** NATS: the caller's notification preferences for a village. */
@Controller()
export class PreferencesHandler {
  constructor(private readonly preferences: PreferencesService) {}

  @Command(preferencesGet)
  get(
    @Payload() request: ParsedRequestOf<typeof preferencesGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof preferencesGet>> {
    return this.preferences.get(requireActor(context), request.villageId);
  }

  @Command(preferencesPut)
  put(
    @Payload() request: ParsedRequestOf<typeof preferencesPut>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof preferencesPut>> {
    return this.preferences.put(requireActor(context), request.villageId, request.preferences);
  }
}
