import { isErrorCode, type ErrorCode } from '@vv/contracts';
import { ServiceError } from './service-error';

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
}

const isPgError = (error: unknown): error is PgError =>
  typeof error === 'object' && error !== null && typeof (error as PgError).code === 'string';

/** SQLSTATE → contract code, for errors whose message is not itself a contract code. */
function codeForSqlState(state: string): ErrorCode {
  switch (state) {
    case '23505': // unique_violation
      return 'conflict';
    case 'P0002': // no_data_found
      return 'not_found';
    case '23503': // foreign_key_violation
    case '23502': // not_null_violation
    case '23514': // check_violation
    case '22001': // string_data_right_truncation
    case '22P02': // invalid_text_representation
    case '22023': // invalid_parameter_value
      return 'invalid';
    case '42501': // insufficient_privilege
      return 'forbidden';
    case '57014': // query_canceled (statement_timeout)
      return 'timeout';
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return 'unavailable';
    default:
      if (state.startsWith('22')) return 'invalid';
      // 08: connection exception; 53: insufficient resources (too many connections, out of memory,
      // disk full); 57P0x: the server is shutting down, crashed or starting; 58: system error (I/O).
      if (/^(08|53|57P0|58)/.test(state)) return 'unavailable';
      return 'internal';
  }
}

/** Node's socket errors: PostgreSQL is down, restarting or unreachable. */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres' own messages for a connection that died or could not be made (they carry no code). */
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end)/;

/** How long a caller should wait before retrying when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** True for an error that says the database cannot be reached, rather than that the request is wrong. */
function isDatabaseUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && NETWORK_ERRORS.has(code)) return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}

const unavailable = (state?: string): ServiceError =>
  state?.startsWith('40')
    ? new ServiceError('unavailable', 'The request conflicted with a concurrent one; retry it', {
        retryAfterSeconds: 1,
      })
    : new ServiceError('unavailable', 'The database is unavailable; retry shortly', {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      });

/** A detail `<field>: <reason>` (e.g. `parentId: no such post in this topic`) names the field it refuses. */
const FIELD_DETAIL = /^([A-Za-z][\w.]*): (.+)$/s;

/** The error for `code` and `detail`; an `invalid` whose detail names a field carries it as a field error. */
function serviceError(code: ErrorCode, detail: string): ServiceError {
  const field = code === 'invalid' ? FIELD_DETAIL.exec(detail) : null;
  return field
    ? ServiceError.invalid([{ field: field[1], reason: field[2] }], detail)
    : new ServiceError(code, detail);
}

/**
 * Maps a PostgreSQL error to a ServiceError once, for every service. Stored functions raise
 * `raise exception using errcode = '<sqlstate>', message = '<contract code>', detail = '<text>'`;
 * a message that is a contract code wins over the SQLSTATE's generic code.
 */
export function fromPgError(error: unknown): unknown {
  if (error instanceof ServiceError) return error;
  if (isDatabaseUnreachable(error)) return unavailable();
  if (!isPgError(error) || error.code === undefined) return error;
  if (isErrorCode(error.message)) {
    return serviceError(error.message, error.detail ?? error.message);
  }
  const code = codeForSqlState(error.code);
  if (code === 'internal') return error;
  if (code === 'unavailable') return unavailable(error.code);
  const detail =
    error.detail ?? (code === 'conflict' && error.constraint ? `duplicate ${error.constraint}` : code);
  return serviceError(code, detail);
}
