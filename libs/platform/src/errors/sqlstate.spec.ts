import { ServiceError } from './service-error';
import { fromPgError } from './sqlstate';

const pgError = (fields: { code: string; message: string; detail?: string; constraint?: string }): Error =>
  Object.assign(new Error(fields.message), fields);

describe('fromPgError', () => {
  it('lets a message that is a contract code win over the SQLSTATE', () => {
    const error = fromPgError(pgError({ code: '23505', message: 'not_found', detail: 'no such village' }));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no such village' });
  });

  it('uses the code as message when a contract-code error has no detail', () => {
    expect(fromPgError(pgError({ code: 'P0001', message: 'forbidden' }))).toMatchObject({
      code: 'forbidden',
      message: 'forbidden',
    });
  });

  it.each([
    ['23505', 'conflict'],
    ['P0002', 'not_found'],
    ['23503', 'invalid'],
    ['23502', 'invalid'],
    ['23514', 'invalid'],
    ['22001', 'invalid'],
    ['22P02', 'invalid'],
    ['22023', 'invalid'],
    ['22008', 'invalid'],
    ['42501', 'forbidden'],
    ['57014', 'timeout'],
  ])('maps SQLSTATE %s to %s', (code, expected) => {
    const error = fromPgError(pgError({ code, message: 'some postgres text', detail: 'why' }));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: expected, message: 'why' });
  });

  it.each([
    ['40001', 1],
    ['40P01', 1],
    ['08006', 5],
    ['08001', 5],
    ['53300', 5],
    ['53100', 5],
    ['57P01', 5],
    ['57P02', 5],
    ['57P03', 5],
    ['58030', 5],
  ])('maps SQLSTATE %s to unavailable with Retry-After %i s', (code, seconds) => {
    const error = fromPgError(pgError({ code, message: 'some postgres text', detail: 'internals' }));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'unavailable', details: { retryAfterSeconds: seconds } });
    expect((error as ServiceError).message).not.toContain('internals');
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['ETIMEDOUT', 'connect ETIMEDOUT'],
    [undefined, 'Connection terminated unexpectedly'],
    [undefined, 'Connection terminated due to connection timeout'],
    [undefined, 'timeout exceeded when trying to connect'],
  ])('maps a lost or refused connection (%s: %s) to unavailable', (code, message) => {
    const error = fromPgError(Object.assign(new Error(message), code ? { code } : {}));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'unavailable', details: { retryAfterSeconds: 5 } });
  });

  it('turns an invalid detail naming a field into a field error, and leaves other details as text', () => {
    const error = fromPgError(
      pgError({ code: '22023', message: 'invalid', detail: 'parentId: no such post in this topic' }),
    );
    expect(error).toMatchObject({
      code: 'invalid',
      message: 'parentId: no such post in this topic',
      details: { errors: [{ field: 'parentId', reason: 'no such post in this topic' }] },
    });
    expect(fromPgError(pgError({ code: '22023', message: 'invalid', detail: 'bad value' }))).toMatchObject({
      code: 'invalid',
      details: undefined,
    });
    expect(
      fromPgError(pgError({ code: '55000', message: 'conflict', detail: 'topic: archived' })),
    ).toMatchObject({ code: 'conflict', details: undefined });
  });

  it('names the constraint of a unique violation without a detail', () => {
    expect(
      fromPgError(pgError({ code: '23505', message: 'duplicate key value', constraint: 'users_email_key' })),
    ).toMatchObject({ code: 'conflict', message: 'duplicate users_email_key' });
  });

  it('leaves an unknown SQLSTATE as the original, untranslated error', () => {
    const original = pgError({ code: '42883', message: 'function x.y() does not exist' });
    const error = fromPgError(original);
    expect(error).toBe(original);
    expect(error).not.toBeInstanceOf(ServiceError);
  });

  it('leaves errors without a SQLSTATE alone', () => {
    const plain = new Error('boom');
    expect(fromPgError(plain)).toBe(plain);
    expect(fromPgError('text')).toBe('text');
    expect(fromPgError(undefined)).toBeUndefined();
  });
});
