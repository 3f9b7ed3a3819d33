import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  topicCheckIds,
  topicCreate,
  topicDelete,
  topicGet,
  topicList,
  topicUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { TopicsService } from './topics.service';

/** NATS: a village's topics (message boards). */
@Controller()
export class TopicsHandler {
  constructor(private readonly topics: TopicsService) {}

  @Command(topicList)
  list(
    @Payload() request: ParsedRequestOf<typeof topicList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof topicList>> {
    return this.topics.list(requireActor(context), request);
  }

  @Command(topicGet)
  get(
    @Payload() request: ParsedRequestOf<typeof topicGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof topicGet>> {
    return this.topics.get(requireActor(context), request.topicId);
  }

  @Command(topicCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof topicCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof topicCreate>> {
    const { villageId, ...fields } = request;
    return this.topics.create(requireActor(context), villageId, fields);
  }

  @Command(topicUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof topicUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof topicUpdate>> {
    return this.topics.update(requireActor(context), request.topicId, request.patch);
  }

  @Command(topicCheckIds)
  async checkIds(
    @Payload() request: ParsedRequestOf<typeof topicCheckIds>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof topicCheckIds>> {
    return {
      topicIds: await this.topics.checkIds(requireActor(context), request.villageId, request.topicIds),
    };
  }

  @Command(topicDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof topicDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof topicDelete>> {
    await this.topics.delete(requireActor(context), request.topicId);
    return {};
  }
}
