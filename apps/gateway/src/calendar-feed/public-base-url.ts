import type { Server } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FeedToken } from '@vv/contracts';
import { CONFIG } from '@vv/platform';
import type { GatewayConfig } from '../config';

/**
 * The gateway's public origin, which absolute URLs in answers name: PUBLIC_BASE_URL, else
 * `http://localhost:<the port the gateway listens on>`. Never the request's Host header, which any
 * client sets (or, over HTTP/1.0, leaves out).
 */
@Injectable()
export class PublicBaseUrl {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly adapter: HttpAdapterHost,
  ) {}

  get(): string {
    if (this.config.PUBLIC_BASE_URL) return this.config.PUBLIC_BASE_URL;
    const address = (this.adapter.httpAdapter.getHttpServer() as Server).address();
    const port = typeof address === 'object' && address !== null ? address.port : this.config.PORT;
    return `http://localhost:${port}`;
  }
}

/** The feed URL calendar returns is relative to the API; clients subscribe to an absolute one. */
export const absoluteFeedUrl = (token: FeedToken, baseUrl: string): FeedToken => ({
  ...token,
  url: `${baseUrl}${token.url}`,
});
