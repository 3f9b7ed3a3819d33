import { Controller, Get, Header, Param, Res, type OnApplicationBootstrap } from '@nestjs/common';
import { ServiceError } from '@vv/platform';
import type { FastifyReply } from 'fastify';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi';
import { RouteCatalogue } from './route-catalogue';
import { DOCS_PAGE, swaggerAsset } from './swagger-ui';

/** Swagger UI at /docs and the OpenAPI document it shows, generated at start from the declared routes. */
@Controller('docs')
export class DocsController implements OnApplicationBootstrap {
  private document: OpenApiDocument | undefined;

  constructor(private readonly catalogue: RouteCatalogue) {}

  onApplicationBootstrap(): void {
    this.document = buildOpenApiDocument(this.catalogue.routes());
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return DOCS_PAGE;
  }

  @Get('openapi.json')
  openApi(): OpenApiDocument {
    this.document ??= buildOpenApiDocument(this.catalogue.routes());
    return this.document;
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
