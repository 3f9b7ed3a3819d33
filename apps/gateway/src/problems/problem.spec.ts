import { ERROR_CODES } from '@vv/contracts';
import { errorCodeOfStatus, httpStatusOf, problemOf } from './problem';

describe('httpStatusOf', () => {
  it.each(ERROR_CODES.map((code) => [code]))('maps %s to an HTTP error status', (code) => {
    const status = httpStatusOf(code);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });

  it('maps the account codes as the API guide says', () => {
    expect(httpStatusOf('weak_password')).toBe(400);
    expect(httpStatusOf('invalid_credentials')).toBe(401);
    expect(httpStatusOf('invalid_token')).toBe(401);
    expect(httpStatusOf('session_revoked')).toBe(401);
    expect(httpStatusOf('email_taken')).toBe(409);
    expect(httpStatusOf('rate_limited')).toBe(429);
    expect(httpStatusOf('timeout')).toBe(504);
    expect(httpStatusOf('unavailable')).toBe(503);
  });

  it('refuses a code outside the contract', () => {
    expect(() => httpStatusOf('teapot' as never)).toThrow(/teapot/);
  });

  it('round-trips every status it produces back to a code with the same status', () => {
    for (const code of ERROR_CODES) {
      expect(httpStatusOf(errorCodeOfStatus(httpStatusOf(code)))).toBe(httpStatusOf(code));
    }
  });
});

describe('problemOf', () => {
  it('renders an RFC 9457 body with the code, status and field errors', () => {
    const problem = problemOf({
      code: 'invalid',
      detail: 'bad',
      errors: [{ field: 'email', reason: 'Invalid email' }],
      requestId: 'r1',
    });
    expect(problem).toEqual({
      type: 'urn:virtual-village:problem:invalid',
      title: 'The request is not valid',
      status: 400,
      code: 'invalid',
      detail: 'bad',
      errors: [{ field: 'email', reason: 'Invalid email' }],
      requestId: 'r1',
    });
  });

  it('never passes a server-side message through', () => {
    const problem = problemOf({
      code: 'internal',
      detail: 'at Object.<anonymous> (/srv/x.ts:1:1)',
      requestId: 'r',
    });
    expect(problem.status).toBe(500);
    expect(problem.detail).not.toContain('x.ts');
    expect(problem).not.toHaveProperty('errors');
  });
});
