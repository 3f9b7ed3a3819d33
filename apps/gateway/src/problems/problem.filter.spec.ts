import { HttpException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ServiceError, type Logger } from '@vv/platform';
import { ProblemFilter } from './problem.filter';

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function run(exception: unknown): { sent: Sent; logged: jest.Mock } {
  const sent: Sent = { status: 0, headers: {}, body: {} };
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(payload: string) {
      sent.body = JSON.parse(payload) as Record<string, unknown>;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-9' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  const logged = jest.fn();
  new ProblemFilter({ error: logged } as unknown as Logger).catch(exception, host);
  return { sent, logged };
}

describe('ProblemFilter', () => {
  it('renders a contract error as problem+json with its status and field errors', () => {
    const { sent } = run(ServiceError.invalid([{ field: 'email', reason: 'Invalid email' }]));
    expect(sent.status).toBe(400);
    expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sent.headers['x-request-id']).toBe('req-9');
    expect(sent.body).toMatchObject({
      code: 'invalid',
      status: 400,
      requestId: 'req-9',
      errors: [{ field: 'email' }],
    });
  });

  it('answers rate_limited with Retry-After from the details', () => {
    const { sent } = run(new ServiceError('rate_limited', 'slow down', { retryAfterSeconds: 42 }));
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('42');
  });

  it('answers unavailable with 503 and Retry-After, from the details or a short default', () => {
    const busy = run(new ServiceError('unavailable', 'at capacity', { retryAfterSeconds: 1 })).sent;
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(run(new ServiceError('unavailable')).sent.headers['retry-after']).toBe('5');
    // A refusal at capacity is not an error to log (the request's own log line counts it); an outage is.
    expect(
      run(new ServiceError('unavailable', 'at capacity', { retryAfterSeconds: 1 })).logged,
    ).not.toHaveBeenCalled();
    expect(run(new ServiceError('unavailable')).logged).toHaveBeenCalled();
  });

  it('answers 401 with a Bearer challenge', () => {
    expect(run(new ServiceError('invalid_credentials')).sent.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it("maps Fastify's errors by status and code", () => {
    const tooLarge = new HttpException('Request body is too large', 413, {
      cause: Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }),
    });
    expect(run(tooLarge).sent.body).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(run(new NotFoundException('Cannot GET /v1/x')).sent.body).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('answers an unexpected error 500 without its message or stack, and logs it', () => {
    const { sent, logged } = run(new TypeError('secret internals at /srv/app.ts:10'));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ code: 'internal', status: 500 });
    expect(JSON.stringify(sent.body)).not.toMatch(/secret|app\.ts|stack/);
    expect(logged).toHaveBeenCalled();
  });

  it('keeps a service-side 5xx message out of the answer', () => {
    const { sent } = run(new ServiceError('unavailable', 'identity.me.get.v1 is not available'));
    expect(sent.status).toBe(503);
    expect(JSON.stringify(sent.body)).not.toContain('identity.me.get');
  });
});
