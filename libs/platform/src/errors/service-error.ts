import { RpcException } from '@nestjs/microservices';
import type { ContractError, ErrorCode, FieldError } from '@vv/contracts';

/**
 * The one error type services throw; it crosses NATS as a `ContractError`. An RpcException, so Nest's
 * default exception filter hands it to the transport as it is (`getError()`), code and details kept.
 */
export class ServiceError extends RpcException {
  override readonly name = 'ServiceError';

  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details?: ContractError['details'],
  ) {
    super(message);
  }

  override getError(): this {
    return this;
  }

  static invalid(errors: FieldError[], message = 'The request is not valid'): ServiceError {
    return new ServiceError('invalid', message, { errors });
  }

  toContract(): ContractError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static fromContract(error: ContractError): ServiceError {
    return new ServiceError(error.code, error.message, error.details);
  }
}

/** Anything thrown, as a contract error; unknown errors become `internal` without leaking their text. */
export function toContractError(error: unknown): ContractError {
  if (error instanceof ServiceError) return error.toContract();
  return { code: 'internal', message: 'Internal error' };
}
