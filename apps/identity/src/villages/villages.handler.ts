import { Injectable } from '@nestjs/common';
import {
  villageCreateCommand,
  villageDelete,
  villageGet,
  villageJoin,
  villageList,
  villageUpdateCommand,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { VillagesService } from './villages.service';

/** NATS: villages (create, get, update, delete, list, join). */
@Injectable()
export class VillagesHandler {
  constructor(private readonly villages: VillagesService) {}

  @CommandHandler(villageCreateCommand)
  create(
    request: ParsedRequestOf<typeof villageCreateCommand>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof villageCreateCommand>> {
    return this.villages.create(requireActor(context).userId, request);
  }

  @CommandHandler(villageGet)
  get(
    request: ParsedRequestOf<typeof villageGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof villageGet>> {
    return this.villages.get(requireActor(context).userId, request.villageId);
  }

  @CommandHandler(villageUpdateCommand)
  update(
    request: ParsedRequestOf<typeof villageUpdateCommand>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof villageUpdateCommand>> {
    return this.villages.update(requireActor(context).userId, request.villageId, request.patch);
  }

  @CommandHandler(villageDelete)
  async delete(
    request: ParsedRequestOf<typeof villageDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof villageDelete>> {
    await this.villages.delete(requireActor(context).userId, request.villageId);
    return {};
  }

  @CommandHandler(villageList)
  list(
    request: ParsedRequestOf<typeof villageList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof villageList>> {
    return this.villages.list(requireActor(context).userId, request);
  }

  @CommandHandler(villageJoin)
  join(
    request: ParsedRequestOf<typeof villageJoin>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof villageJoin>> {
    return this.villages.join(requireActor(context).userId, request.villageId);
  }
}
