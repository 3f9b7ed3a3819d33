import { Module } from '@nestjs/common';
import { BroadcastsHandler } from './broadcasts.handler';
import { BroadcastsPolicy } from './broadcasts.policy';
import { BroadcastsRepository } from './broadcasts.repository';
import { BroadcastsService } from './broadcasts.service';

/** Broadcasts: messages to every villager by those with `broadcasts.send`, with a per-member read cursor. */
@Module({
  controllers: [BroadcastsHandler],
  providers: [BroadcastsRepository, BroadcastsPolicy, BroadcastsService],
})
export class BroadcastsModule {}
