import { Injectable } from '@nestjs/common';
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
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { TopicsService } from './topics.service';

/** NATS: a village's topics (message boards). */
@Injectable()
export class TopicsHandler {
  constructor(private readonly topics: TopicsService) {}

  @CommandHandler(topicList)
  list(
    request: ParsedRequestOf<typeof topicList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof topicList>> {
    return this.topics.list(requireActor(context), request);
  }

  @CommandHandler(topicGet)
  get(
    request: ParsedRequestOf<typeof topicGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof topicGet>> {
    return this.topics.get(requireActor(context), request.topicId);
  }

  @CommandHandler(topicCreate)
  create(
    request: ParsedRequestOf<typeof topicCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof topicCreate>> {
    const { villageId, ...fields } = request;
    return this.topics.create(requireActor(context), villageId, fields);
  }

  @CommandHandler(topicUpdate)
  update(
    request: ParsedRequestOf<typeof topicUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof topicUpdate>> {
    return this.topics.update(requireActor(context), request.topicId, request.patch);
  }

  @CommandHandler(topicCheckIds)
  async checkIds(
    request: ParsedRequestOf<typeof topicCheckIds>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof topicCheckIds>> {
    return {
      topicIds: await this.topics.checkIds(requireActor(context), request.villageId, request.topicIds),
    };
  }

  @CommandHandler(topicDelete)
  async delete(
    request: ParsedRequestOf<typeof topicDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof topicDelete>> {
    await this.topics.delete(requireActor(context), request.topicId);
    return {};
  }
}
