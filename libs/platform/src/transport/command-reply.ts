import { FORBIDDEN_MESSAGE } from '@nestjs/core/internal';
import { isErrorCode, type CommandDefinition, type ContractError } from '@vv/contracts';
import type { Logger } from 'pino';
import { ServiceError, toContractError } from '../errors/service-error';

/** What a command answers on NATS. */
export type CommandReply = { data: unknown } | { error: ContractError };

/**
 * A command's failure as a contract error. Besides a ServiceError, an exception filter may answer with
 * a contract error object, and a Nest guard that returns false refuses with its `Forbidden resource`
 * (`forbidden`); anything else is `internal`, logged here unless Nest's exception filter already did.
 */
export function commandReplyError(error: unknown, logger: Logger, def: CommandDefinition): ContractError {
  if (error instanceof ServiceError) return error.toContract();
  if (typeof error === 'object' && error !== null && !(error instanceof Error)) {
    const { code, message, details } = error as Partial<ContractError> & { status?: string };
    if (typeof code === 'string' && isErrorCode(code) && typeof message === 'string') {
      return details === undefined ? { code, message } : { code, message, details };
    }
    if (message === FORBIDDEN_MESSAGE) return { code: 'forbidden', message: 'Forbidden' };
    return toContractError(error);
  }
  logger.error({ err: error, command: def.name }, 'command failed');
  return toContractError(error);
}
