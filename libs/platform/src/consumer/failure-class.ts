import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import { ServiceError } from '../errors/service-error';
import { fromPgError } from '../errors/sqlstate';

const NATS_OUTAGES = [
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  TimeoutError,
] as const;

const isNatsOutage = (error: unknown): boolean =>
  NATS_OUTAGES.some((type) => error instanceof type) ||
  (error instanceof RequestError && isNatsOutage(error.cause));

/**
 * True for a failure of the infrastructure rather than of the event or its handler: the database
 * or NATS unreachable, overloaded or too slow (`unavailable`, `timeout`, a lost connection, no
 * responder). Nothing is wrong with the event, so it is retried as it is, for as long as it takes.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  const mapped = fromPgError(error);
  if (mapped instanceof ServiceError) return mapped.code === 'unavailable' || mapped.code === 'timeout';
  return isNatsOutage(error);
}
