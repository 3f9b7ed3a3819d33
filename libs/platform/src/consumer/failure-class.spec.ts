import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { ServiceError } from '../errors/service-error';
import { isInfrastructureFailure } from './failure-class';

describe('isInfrastructureFailure', () => {
  it.each([
    ['unavailable', new ServiceError('unavailable')],
    ['timeout', new ServiceError('timeout')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a statement timeout', Object.assign(new Error('canceling statement'), { code: '57014' })],
    ['a NATS timeout', new TimeoutError()],
    [
      'no responder behind a request',
      new RequestError('no responders', { cause: new NoRespondersError('x') }),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isInfrastructureFailure(error)).toBe(true);
  });

  it.each([
    ['a handler bug', new TypeError('cannot read properties of undefined')],
    ['a refused change', new ServiceError('conflict')],
    ['invalid data', new ServiceError('invalid')],
    ['a constraint', Object.assign(new Error('violates check constraint'), { code: '23514' })],
    ['a raised internal error', Object.assign(new Error('boom'), { code: 'XX000' })],
    ['a string', 'failed'],
  ])('is false for %s', (_name, error) => {
    expect(isInfrastructureFailure(error)).toBe(false);
  });
});
