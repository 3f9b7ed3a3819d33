import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationsConfig } from '../config';
import { systemResolver, type HostResolver } from '../outbound/url-guard';
import { WebhookTransport } from './webhook.transport';

describe('webhook transport', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (request.url === '/redirect') response.writeHead(307, { location: '/target' }).end();
        // /slow never answers: the transport's own timeout has to end the call.
        else if (request.url !== '/slow') response.writeHead(request.url === '/fail' ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const transport = (allowPrivate = true, resolve: HostResolver = systemResolver): WebhookTransport =>
    new WebhookTransport(
      { WEBHOOK_ALLOW_PRIVATE: allowPrivate, WEBHOOK_TIMEOUT_MS: 300 } as NotificationsConfig,
      resolve,
    );

  it('POSTs the body with the headers given and reports the status', async () => {
    const answer = await transport().post(`${base}/ok`, '{"a":1}', { 'x-village-event': 'e.f.g' });
    expect(answer).toMatchObject({ statusCode: 204, error: null });
    const request = seen.find((entry) => entry.url === '/ok')!;
    expect(request.body).toBe('{"a":1}');
    expect(request.headers).toMatchObject({ 'x-village-event': 'e.f.g', 'content-length': '7' });
    expect((await transport().post(`${base}/fail`, '{}', {})).statusCode).toBe(500);
  });

  it('does not follow redirects', async () => {
    expect((await transport().post(`${base}/redirect`, '{}', {})).statusCode).toBe(307);
    expect(seen.some((entry) => entry.url === '/target')).toBe(false);
  });

  it('gives up after the timeout', async () => {
    const answer = await transport().post(`${base}/slow`, '{}', {});
    expect(answer).toMatchObject({ statusCode: null, error: 'no answer within 300 ms' });
  });

  it('does not connect to a private address unless allowed', async () => {
    const before = seen.length;
    const answer = await transport(false).post(`${base}/ok`, '{}', {});
    expect(answer).toMatchObject({ statusCode: null, error: expect.stringContaining('loopback') });
    const byName = await transport(false).post(base.replace('127.0.0.1', 'localhost') + '/ok', '{}', {});
    expect(byName).toMatchObject({ statusCode: null, error: expect.stringContaining('loopback') });
    expect(seen.length).toBe(before);
  });

  it('checks the address at every attempt and connects to that one (a name rebound to loopback is refused)', async () => {
    const port = base.split(':').at(-1)!;
    const answers = [['127.0.0.1'], ['127.0.0.1']];
    let asked = 0;
    const dns: HostResolver = () => {
      asked += 1;
      return Promise.resolve((answers.shift() ?? []).map((address) => ({ address, family: 4 })));
    };
    const before = seen.length;
    const refused = await transport(false, dns).post(`http://hooks.test:${port}/rebound`, '{}', {});
    expect(refused).toMatchObject({
      statusCode: null,
      error: `hooks.test resolves to a loopback address (127.0.0.1)`,
    });
    const allowed = await transport(true, dns).post(`http://hooks.test:${port}/rebound`, '{}', {});
    expect(allowed).toMatchObject({ statusCode: 204, error: null });
    expect(asked).toBe(2);
    expect(seen.slice(before).map((entry) => entry.url)).toEqual(['/rebound']);
  });

  it.each([
    'http://[::7f00:1]:1/',
    'http://[::127.0.0.1]:1/',
    'http://[::ffff:0:7f00:1]:1/',
    'http://[64:ff9b::7f00:1]:1/',
  ])('does not try to connect to %s', async (url) => {
    expect(await transport(false).post(url, '{}', {})).toMatchObject({
      statusCode: null,
      error: expect.stringContaining('loopback'),
    });
  });

  it('refuses a URL that parsers read differently, even when private addresses are allowed', async () => {
    const before = seen.length;
    const answer = await transport(true).post(`${base}\\@93.184.216.34/ok`, '{}', {});
    expect(answer).toMatchObject({ statusCode: null, error: expect.stringContaining('backslashes') });
    expect(seen.length).toBe(before);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const answer = await transport().post(`http://127.0.0.1:${port}/`, '{}', {});
    expect(answer).toMatchObject({ statusCode: null, error: expect.stringContaining('ECONNREFUSED') });
  });
});
