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
    case '53300': // too_many_connections
    case '57P01': // admin_shutdown
      return 'unavailable';
    default:
      return state.startsWith('22') ? 'invalid' : 'internal';
  }
}

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
  if (!isPgError(error) || error.code === undefined) return error;
  if (isErrorCode(error.message)) {
    return serviceError(error.message, error.detail ?? error.message);
  }
  const code = codeForSqlState(error.code);
  if (code === 'internal') return error;
  const detail =
    error.detail ?? (code === 'conflict' && error.constraint ? `duplicate ${error.constraint}` : code);
  return serviceError(code, detail);
}
