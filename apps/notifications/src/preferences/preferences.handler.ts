import { Injectable } from '@nestjs/common';
import { preferencesGet, preferencesPut, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { PreferencesService } from './preferences.service';

/** NATS: the caller's notification preferences for a village. */
@Injectable()
export class PreferencesHandler {
  constructor(private readonly preferences: PreferencesService) {}

  @CommandHandler(preferencesGet)
  get(
    request: ParsedRequestOf<typeof preferencesGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof preferencesGet>> {
    return this.preferences.get(requireActor(context), request.villageId);
  }

  @CommandHandler(preferencesPut)
  put(
    request: ParsedRequestOf<typeof preferencesPut>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof preferencesPut>> {
    return this.preferences.put(requireActor(context), request.villageId, request.preferences);
  }
}
