import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
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
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { VillagesService } from './villages.service';

/** NATS: villages (create, get, update, delete, list, join). */
@Controller()
export class VillagesHandler {
  constructor(private readonly villages: VillagesService) {}

  @Command(villageCreateCommand)
  create(
    @Payload() request: ParsedRequestOf<typeof villageCreateCommand>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof villageCreateCommand>> {
    return this.villages.create(requireActor(context).userId, request);
  }

  @Command(villageGet)
  get(
    @Payload() request: ParsedRequestOf<typeof villageGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof villageGet>> {
    return this.villages.get(requireActor(context).userId, request.villageId);
  }

  @Command(villageUpdateCommand)
  update(
    @Payload() request: ParsedRequestOf<typeof villageUpdateCommand>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof villageUpdateCommand>> {
    return this.villages.update(requireActor(context).userId, request.villageId, request.patch);
  }

  @Command(villageDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof villageDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof villageDelete>> {
    await this.villages.delete(requireActor(context).userId, request.villageId);
    return {};
  }

  @Command(villageList)
  list(
    @Payload() request: ParsedRequestOf<typeof villageList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof villageList>> {
    return this.villages.list(requireActor(context).userId, request);
  }

  @Command(villageJoin)
  join(
    @Payload() request: ParsedRequestOf<typeof villageJoin>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof villageJoin>> {
    return this.villages.join(requireActor(context).userId, request.villageId);
  }
}
