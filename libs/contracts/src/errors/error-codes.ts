/**
 * The one error vocabulary of the suite. Services raise these codes; the gateway maps each to an
 * HTTP status in one exhaustive switch. Specific codes (e.g. `email_taken`) refine a generic one
 * so a client can branch on them without parsing text.
 */
export const ERROR_CODES = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'timeout',
  'internal',
  /** The request (its body) did not arrive within the gateway's read deadline; the connection is closed. */
  'request_timeout',
  /** An `Idempotency-Key` was used again with another request; nothing was done. */
  'idempotency_key_reused',
  // accounts
  'email_taken',
  'weak_password',
  'invalid_credentials',
  'invalid_token',
  'session_revoked',
  // files
  /** An upload's object does not match what was declared (size, type or checksum); it was deleted. */
  'upload_mismatch',
  /** `complete` before the object (or all of its parts) was uploaded; the file stays pending. */
  'upload_incomplete',
  /** The village's storage quota would be exceeded. */
  'quota_exceeded',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

/** A field-level reason for a validation failure. */
export interface FieldError {
  field: string;
  reason: string;
}

/** The error half of every NATS reply, and the source of every problem+json body. */
export interface ContractError {
  code: ErrorCode;
  message: string;
  details?: {
    errors?: FieldError[];
    retryAfterSeconds?: number;
    [key: string]: unknown;
  };
}
