import { createHash } from 'node:crypto';
import { Controller, Get, Header, Param, Req, Res, type OnApplicationBootstrap } from '@nestjs/common';
import { ServiceError } from '@vv/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiRoutes } from '../api.routes';
import { buildAsyncApiDocument } from './asyncapi';
import { buildOpenApiDocument } from './openapi';
import { DOCS_PAGE, swaggerAsset } from './swagger-ui';

/** A generated document, serialised once with its entity tag. */
interface JsonDocument {
  body: string;
  etag: string;
}

/** The documents change only with a deploy: caches keep them briefly, then revalidate by ETag. */
const DOCUMENT_CACHE_CONTROL = 'public, max-age=300';

const jsonDocument = (document: object): JsonDocument => {
  const body = JSON.stringify(document);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
};

/**
 * Swagger UI at /docs, the OpenAPI document it shows (generated at start from API_ROUTES, the routes served)
 * and the AsyncAPI document of the domain events (generated at start from the contracts' EVENTS).
 */
@Controller('docs')
export class DocsController implements OnApplicationBootstrap {
  private openApiDocument: JsonDocument | undefined;
  private asyncApiDocument: JsonDocument | undefined;

  onApplicationBootstrap(): void {
    this.openApiDocument = jsonDocument(buildOpenApiDocument(apiRoutes()));
    this.asyncApiDocument = jsonDocument(buildAsyncApiDocument());
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return DOCS_PAGE;
  }

  @Get('openapi.json')
  openApi(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    this.openApiDocument ??= jsonDocument(buildOpenApiDocument(apiRoutes()));
    return send(this.openApiDocument, request, reply);
  }

  @Get('asyncapi.json')
  asyncApi(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    this.asyncApiDocument ??= jsonDocument(buildAsyncApiDocument());
    return send(this.asyncApiDocument, request, reply);
  }

  @Get('assets/:file')
  async asset(
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const asset = await swaggerAsset(file);
    if (!asset) throw new ServiceError('not_found', 'No such file');
    void reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=86400');
    return asset.body;
  }
}

/** The document, or 304 with no body when the client already holds this version. */
function send(document: JsonDocument, request: FastifyRequest, reply: FastifyReply): string {
  void reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', DOCUMENT_CACHE_CONTROL)
    .header('etag', document.etag);
  const known = request.headers['if-none-match']?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (known?.some((tag) => tag === document.etag || tag === '*')) {
    void reply.status(304);
    return '';
  }
  return document.body;
}
