import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LOGGER, ServiceError, type Logger } from '@vv/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../observability/request-id';
import {
  errorCodeOfStatus,
  problemOf,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemInput,
} from './problem';

/** Details for Fastify's own 4xx errors, which reach the filter as HttpExceptions caused by them. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this server accepts',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty but the content type says JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
};

/** When a service refuses (`rate_limited` 429, `unavailable` 503) without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS: Readonly<Record<number, number>> = { 429: 60, 503: 5 };

/**
 * A deliberate refusal at capacity (load shedding): expected under overload, already counted by the
 * request's log line and metrics; logging each with its stack would only add to the overload.
 */
const isShed = (exception: unknown): boolean =>
  exception instanceof ServiceError &&
  exception.code === 'unavailable' &&
  exception.details?.retryAfterSeconds !== undefined;

const fastifyCodeOf = (error: HttpException): string | undefined => {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
};

/**
 * Every error the gateway answers with, as RFC 9457 problem+json: contract errors from services
 * and from the gateway itself, Nest's (unknown route) and Fastify's (body too large, malformed
 * JSON, unsupported content type). Anything else is a bug: logged, answered 500 without details.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) {
      this.logger.error({ err: exception, requestId: request.id }, 'error after the response was sent');
      return;
    }
    const input = this.describe(exception, request.id);
    const problem = problemOf(input);
    if (problem.status >= 500 && !isShed(exception)) {
      this.logger.error({ err: exception, code: problem.code, requestId: request.id }, 'request failed');
    }
    this.send(reply, problem, exception);
  }

  private describe(exception: unknown, requestId: string): ProblemInput {
    if (exception instanceof ServiceError) {
      return {
        code: exception.code,
        detail: exception.message,
        errors: exception.details?.errors,
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const fastifyCode = fastifyCodeOf(exception);
      const malformedJson = status === 400 && exception.cause instanceof SyntaxError;
      const detail =
        (fastifyCode && FASTIFY_DETAILS[fastifyCode]) ??
        (malformedJson ? 'The body is not valid JSON' : exception.message);
      return { code: errorCodeOfStatus(status), detail, requestId };
    }
    return { code: 'internal', detail: 'Internal error', requestId };
  }

  private send(reply: FastifyReply, problem: Problem, exception: unknown): void {
    reply.status(problem.status).header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    reply.header(REQUEST_ID_HEADER, problem.requestId);
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="virtual-village"');
    if (problem.status === 429 || problem.status === 503) {
      const retryAfter = exception instanceof ServiceError ? exception.details?.retryAfterSeconds : undefined;
      reply.header(
        'retry-after',
        String(Math.max(1, Math.ceil(retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS[problem.status]))),
      );
    }
    void reply.send(JSON.stringify(problem));
  }
}
