import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { FeedConsumer } from './feed.consumer';
import { StreamHub } from './stream-hub';
import { StreamMetrics } from './stream-metrics';
import { StreamReplayer } from './stream-replayer';
import { StreamWebSocket } from './stream.websocket';
import { ViewerLoader } from './viewer.loader';

/**
 * `GET /v1/stream`: the WebSocket stream of the events each user may see, read from the
 * `<PREFIX>_FEED` stream by every gateway replica. `StreamWebSocket.attach` hooks it to the HTTP
 * server (app.ts).
 */
@Module({
  imports: [AuthModule, RateLimitModule],
  providers: [StreamMetrics, StreamHub, FeedConsumer, ViewerLoader, StreamReplayer, StreamWebSocket],
  exports: [StreamWebSocket],
})
export class StreamModule {}
