import { get, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedLookup, nonPublicKind, resolveWebhookUrl, WebhookAddressError } from './url-guard';

describe('webhook URL guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.100.1.1', 'shared (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b::a00:1', 'NAT64'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(nonPublicKind(address)).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(nonPublicKind(address)).toBeNull();
    },
  );

  it.each([
    ['ftp://example.com/', 'only http and https'],
    ['file:///etc/passwd', 'only http and https'],
    ['https://user:pass@example.com/', 'no credentials'],
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://localhost/hook', 'loopback'],
    ['http://0x7f000001/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'],
  ])('refuses %s', async (url, reason) => {
    await expect(resolveWebhookUrl(url, false)).rejects.toThrow(reason);
    await expect(resolveWebhookUrl(url, false)).rejects.toBeInstanceOf(WebhookAddressError);
  });

  it('allows private addresses when told to', async () => {
    await expect(resolveWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    const local = await resolveWebhookUrl('http://localhost/hook', true);
    expect(local.length).toBeGreaterThan(0);
  });

  it('refuses a host that does not resolve', async () => {
    await expect(resolveWebhookUrl('http://no-such-host.invalid/', true)).rejects.toThrow('does not resolve');
  });

  describe('at connect time', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      server = createServer((_request, response) => response.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const fetchVia = (allowPrivate: boolean): Promise<number> =>
      new Promise((resolve, reject) => {
        const request = get(
          { host: 'localhost', port, path: '/', lookup: guardedLookup(allowPrivate), family: 4 },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
      });

    it('connects only to checked addresses', async () => {
      await expect(fetchVia(false)).rejects.toBeInstanceOf(WebhookAddressError);
      await expect(fetchVia(true)).resolves.toBe(200);
    });
  });
});
