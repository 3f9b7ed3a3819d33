import { FORBIDDEN_MESSAGE } from '@nestjs/core/internal';
import { headers, type Msg } from '@nats-io/transport-node';
import { HEADERS, isErrorCode, type CommandDefinition, type ContractError } from '@vv/contracts';
import type { Logger } from 'pino';
import { ServiceError, toContractError } from '../errors/service-error';
import { PreparedJson } from './prepared-json';

/** Marks every failure answer; encoded afresh on each publish and never changed, so one serves all. */
const ERROR_HEADERS = headers();
ERROR_HEADERS.set(HEADERS.error, '1');

/** Answers a command with its response: the response's JSON is the whole body (see HEADERS.error). */
export function respondData(msg: Msg, data: unknown): void {
  msg.respond(data instanceof PreparedJson ? data.json : JSON.stringify(data));
}

/** Answers a command with a contract error (or its JSON, serialised ahead): the error header, the error as body. */
export function respondError(msg: Msg, error: ContractError | string): void {
  msg.respond(typeof error === 'string' ? error : JSON.stringify(error), { headers: ERROR_HEADERS });
}

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
