import type { ErrorCode, FieldError } from '@vv/contracts';

/** An RFC 9457 problem document, as every error leaves the gateway. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  requestId: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The one table from contract error codes to HTTP statuses. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid':
    case 'weak_password':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'invalid_token':
    case 'session_revoked':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'email_taken':
    case 'upload_incomplete':
      return 409;
    case 'gone':
      return 410;
    case 'precondition_failed':
      return 412;
    case 'request_timeout':
      return 408;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'upload_mismatch':
    case 'idempotency_key_reused':
      return 422;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
    case 'timeout':
      return 504;
    case 'quota_exceeded':
      return 507;
    default: {
      const unhandled: never = code;
      throw new Error(`No HTTP status for error code ${String(unhandled)}`);
    }
  }
}

/** The contract code an HTTP status raised outside a service stands for (Fastify's and Nest's own errors). */
export function errorCodeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
    case 405:
      return 'not_found';
    case 408:
      return 'request_timeout';
    case 409:
      return 'conflict';
    case 410:
      return 'gone';
    case 412:
      return 'precondition_failed';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'upload_mismatch';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    case 504:
      return 'timeout';
    case 507:
      return 'quota_exceeded';
    default:
      return status >= 400 && status < 500 ? 'invalid' : 'internal';
  }
}

const TITLES: Record<ErrorCode, string> = {
  invalid: 'The request is not valid',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  timeout: 'Upstream timeout',
  internal: 'Internal error',
  request_timeout: 'Request timeout',
  idempotency_key_reused: 'Idempotency key reused',
  email_taken: 'Email already registered',
  weak_password: 'Password too weak',
  invalid_credentials: 'Invalid credentials',
  invalid_token: 'Invalid token',
  session_revoked: 'Session revoked',
  upload_mismatch: 'Upload does not match',
  upload_incomplete: 'Upload not finished',
  quota_exceeded: 'Storage quota exceeded',
};

/** A server-side failure is described generically: its own message may name internals. */
const SERVER_DETAIL = 'The server could not complete the request; it has been logged.';

export interface ProblemInput {
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  requestId: string;
}

export function problemOf({ code, detail, errors, requestId }: ProblemInput): Problem {
  const status = httpStatusOf(code);
  const problem: Problem = {
    type: problemType(code),
    title: TITLES[code],
    status,
    code,
    detail: status >= 500 ? SERVER_DETAIL : detail,
    requestId,
  };
  if (errors?.length) problem.errors = errors;
  return problem;
}

/** A stable URI per code (RFC 9457 `type`); clients branch on `code`. */
export const problemType = (code: ErrorCode): string => `urn:virtual-village:problem:${code}`;
