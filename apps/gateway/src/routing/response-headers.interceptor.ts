import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { RouteDefinition } from './route-definition';

/**
 * Sets the response headers a route derives from its command's response (e.g. an ETag) and, for a
 * route with a `responseBody`, answers with that rendered body and its Content-Type instead of JSON.
 */
export class ResponseHeadersInterceptor implements NestInterceptor {
  constructor(private readonly route: RouteDefinition) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((response: unknown) => {
        for (const [name, value] of Object.entries(this.route.responseHeaders?.(response) ?? {})) {
          reply.header(name, value);
        }
        const body = this.route.responseBody;
        if (!body) return response;
        reply.header('content-type', body.contentType);
        return body.render(response);
      }),
    );
  }
}
