import type { LookupAddress } from 'node:dns';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OutboundUrlError,
  parseOutboundUrl,
  pinnedLookup,
  requestOptionsFor,
  resolveOutboundUrl,
  type HostResolver,
} from './url-guard';

/** A stand-in DNS: each name answers the addresses given (in turn, when several answers are listed). */
function fakeDns(answers: Record<string, string[][]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    const queue = answers[hostname] as string[][] | undefined;
    if (!queue) return Promise.reject(new OutboundUrlError(`${hostname} does not resolve (ENOTFOUND)`));
    const answer = queue.length > 1 ? queue.shift()! : queue[0];
    return Promise.resolve(answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return Object.assign(resolver, { asked });
}

const guard = (url: string, resolve?: HostResolver, allowPrivate = false) =>
  resolveOutboundUrl(url, { allowPrivate, resolve });

describe('outbound URL guard', () => {
  describe('parsing once, and only what every parser reads alike', () => {
    it.each([
      ['ftp://example.com/', 'must start with http'],
      ['file:///etc/passwd', 'must start with http'],
      ['http:93.184.216.34/hook', 'must start with http'],
      ['http:/93.184.216.34/hook', 'must start with http'],
      ['http:///93.184.216.34/hook', 'must start with http'],
      // Another parser reads `93.184.216.34\` as credentials and 127.0.0.1 as the host; WHATWG the reverse.
      ['http://93.184.216.34\\@127.0.0.1/hook', 'backslashes'],
      ['http://127.0.0.1\\@93.184.216.34/hook', 'backslashes'],
      ['http://93.184.216.34\\hook', 'backslashes'],
      // WHATWG drops tabs and newlines anywhere; others do not.
      ['http://93.184.216.34/ho\tok', 'control characters'],
      ['http://127.0.0.1\n.example.com/', 'control characters'],
      ['http://93.184.216.34 /hook', 'spaces'],
      ['https://user:pass@93.184.216.34/', 'no user name or password'],
      ['http://93.184.216.34@127.0.0.1/', 'no user name or password'],
      ['http://@93.184.216.34/', 'no user name or password'],
      ['http://:@93.184.216.34/', 'no user name or password'],
      ['http://[::1/', 'not a URL'],
    ])('refuses %j', (url, reason) => {
      expect(() => parseOutboundUrl(url)).toThrow(OutboundUrlError);
      expect(() => parseOutboundUrl(url)).toThrow(reason);
    });

    it('keeps an @ that is not before the host', () => {
      expect(parseOutboundUrl('https://hooks.example.com/in?from=me@example.com').hostname).toBe(
        'hooks.example.com',
      );
    });

    it.each([
      // Decimal, octal, hex and short IPv4 forms and trailing dots are normalised before the check.
      ['http://2130706433/', 'http://127.0.0.1/'],
      ['http://0x7f000001/', 'http://127.0.0.1/'],
      ['http://0177.0.0.1/', 'http://127.0.0.1/'],
      ['http://127.1/', 'http://127.0.0.1/'],
      ['http://127.0.0.1./', 'http://127.0.0.1/'],
      ['http://%31%32%37.0.0.1/', 'http://127.0.0.1/'],
      ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/'],
      ['HTTPS://Hooks.Example.COM:443/In', 'https://hooks.example.com/In'],
    ])('reads %s as %s', (url, href) => {
      expect(parseOutboundUrl(url).href).toBe(href);
    });
  });

  describe('checking every address', () => {
    it.each([
      ['http://127.0.0.1:8080/hook', 'loopback'],
      ['http://2130706433/hook', 'loopback'],
      ['http://0x7f000001/hook', 'loopback'],
      ['http://0177.0.0.1/hook', 'loopback'],
      ['http://127.0.0.1./hook', 'loopback'],
      ['http://0/hook', 'unspecified'],
      ['http://0.0.0.0/hook', 'unspecified'],
      ['http://[::1]/hook', 'loopback'],
      ['http://[::]/hook', 'unspecified'],
      ['http://[::7f00:1]/hook', 'loopback'],
      ['http://[::127.0.0.1]/hook', 'loopback'],
      ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
      ['http://[::ffff:0:7f00:1]/hook', 'loopback'],
      ['http://[64:ff9b::a00:1]/hook', 'private'],
      ['http://169.254.169.254/latest/meta-data', 'link-local'],
      ['http://[fe80::1]/hook', 'link-local'],
      ['http://[fd00::1]/hook', 'unique local'],
      ['http://224.0.0.251/hook', 'multicast'],
      ['http://[ff02::1]/hook', 'multicast'],
      ['http://localhost/hook', 'loopback'],
      ['http://localhost./hook', 'loopback'],
      ['http://api.LOCALHOST/hook', 'loopback'],
    ])('refuses %s, without asking DNS', async (url, reason) => {
      const dns = fakeDns({});
      await expect(guard(url, dns)).rejects.toThrow(reason);
      await expect(guard(url, dns)).rejects.toBeInstanceOf(OutboundUrlError);
      expect(dns.asked).toEqual([]);
    });

    it('refuses a name when any address it resolves to is not public', async () => {
      const dns = fakeDns({
        'internal.example': [['10.0.0.7']],
        'mixed.example': [['93.184.216.34', '::ffff:127.0.0.1']],
        'metadata.example': [['fd00:ec2::254']],
        'mapped.example': [['::7f00:1']],
      });
      await expect(guard('https://internal.example/', dns)).rejects.toThrow(
        'internal.example resolves to a private address (10.0.0.7)',
      );
      await expect(guard('https://mixed.example/', dns)).rejects.toThrow(
        'loopback address (::ffff:127.0.0.1)',
      );
      await expect(guard('https://metadata.example/', dns)).rejects.toThrow('unique local');
      await expect(guard('https://mapped.example/', dns)).rejects.toThrow('loopback');
    });

    it('resolves at every call: a name that turned private is refused the next time', async () => {
      const dns = fakeDns({ 'rebind.example': [['93.184.216.34'], ['127.0.0.1']] });
      const first = await guard('https://rebind.example/in', dns);
      expect(first.addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
      await expect(guard('https://rebind.example/in', dns)).rejects.toThrow('loopback');
      expect(dns.asked).toEqual(['rebind.example', 'rebind.example']);
    });

    it('refuses a host that does not resolve, or to nothing', async () => {
      const dns = fakeDns({ 'empty.example': [[]] });
      await expect(guard('http://no-such-host.invalid/', dns, true)).rejects.toThrow('does not resolve');
      await expect(guard('http://empty.example/', dns, true)).rejects.toThrow('has no address');
    });

    it('allows private addresses when told to, never ambiguous URLs', async () => {
      await expect(guard('http://127.0.0.1:8080/hook', undefined, true)).resolves.toMatchObject({
        host: '127.0.0.1',
        addresses: [{ address: '127.0.0.1', family: 4 }],
      });
      const local = await guard('http://localhost/hook', undefined, true);
      expect(local.addresses.length).toBeGreaterThan(0);
      await expect(guard('http://93.184.216.34\\@127.0.0.1/', undefined, true)).rejects.toThrow(
        'backslashes',
      );
    });
  });

  describe('connecting', () => {
    let server: Server;
    let port: number;
    const seen: string[] = [];

    beforeAll(async () => {
      server = createServer((incoming, response) => {
        seen.push(`${incoming.headers.host} ${incoming.url}`);
        response.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const fetchStatus = (options: ReturnType<typeof requestOptionsFor>): Promise<number> =>
      new Promise((resolve, reject) => {
        const outgoing = request(options, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        outgoing.on('error', reject);
        outgoing.end();
      });

    it('connects to the address that was checked, without resolving again', async () => {
      // The second answer would move the name elsewhere: it is never asked for.
      const dns = fakeDns({ 'hooks.test': [['127.0.0.1'], ['192.0.2.1']] });
      const target = await guard(`http://hooks.test:${port}/in?x=1`, dns, true);
      await expect(fetchStatus(requestOptionsFor(target))).resolves.toBe(200);
      expect(dns.asked).toEqual(['hooks.test']);
      expect(seen).toContain(`hooks.test:${port} /in?x=1`);
    });

    it('answers only with checked addresses, of the family asked for', () => {
      const lookup = pinnedLookup([{ address: '93.184.216.34', family: 4 }]);
      const answers: unknown[] = [];
      lookup('hooks.test', { all: true }, (error, addresses) => answers.push(error ?? addresses));
      lookup('hooks.test', { family: 4 }, (error, address, family) => answers.push([address, family]));
      lookup('hooks.test', { family: 6 }, (error) => answers.push(error?.message));
      expect(answers).toEqual([
        [{ address: '93.184.216.34', family: 4 }],
        ['93.184.216.34', 4],
        'hooks.test has no checked IPv6 address',
      ]);
    });
  });
});
