import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** A webhook URL or address that may not be called (the reason is safe to show its owner). */
export class WebhookAddressError extends Error {
  override readonly name = 'WebhookAddressError';
}

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE: a webhook URL must not become a
 * way into the suite's own network (SSRF). IPv4-mapped IPv6 addresses are checked as IPv4.
 */
const NOT_PUBLIC: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ['64:ff9b:1::', 48, 'ipv6', 'NAT64'],
  ['100::', 64, 'ipv6', 'discard'],
  ['2001::', 32, 'ipv6', 'Teredo'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['2002::', 16, 'ipv6', '6to4'],
  ['fc00::', 7, 'ipv6', 'unique local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const blocks = NOT_PUBLIC.map(([network, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, kind };
});

/** Why `address` (an IP literal) is not public, or null when it is. */
export function nonPublicKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return blocks.find(({ list }) => list.check(address, type))?.kind ?? null;
}

const stripBrackets = (hostname: string): string =>
  hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;

const assertAllowed = (
  hostname: string,
  addresses: readonly LookupAddress[],
  allowPrivate: boolean,
): void => {
  if (addresses.length === 0) throw new WebhookAddressError(`${hostname} has no address`);
  if (allowPrivate) return;
  for (const { address } of addresses) {
    const kind = nonPublicKind(address);
    if (kind) throw new WebhookAddressError(`${hostname} resolves to a ${kind} address (${address})`);
  }
};

const resolveAll = (hostname: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error)
        reject(new WebhookAddressError(`${hostname} does not resolve (${error.code ?? error.message})`));
      else resolve(addresses);
    });
  });

/**
 * The addresses a webhook URL's host resolves to, all of them allowed; WebhookAddressError
 * otherwise (not http(s), credentials in the URL, an IP literal or any resolved address that is
 * not public without WEBHOOK_ALLOW_PRIVATE, or no address at all).
 */
export async function resolveWebhookUrl(url: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookAddressError('not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WebhookAddressError('only http and https URLs are allowed');
  }
  if (parsed.username || parsed.password) throw new WebhookAddressError('no credentials in the URL');
  const hostname = stripBrackets(parsed.hostname);
  const family = isIP(hostname);
  const addresses = family ? [{ address: hostname, family }] : await resolveAll(hostname);
  assertAllowed(hostname, addresses, allowPrivate);
  return addresses;
}

/**
 * A `lookup` for http.request that resolves, checks every address and connects only to checked
 * ones: the check and the connection use the same answer, so DNS rebinding between the two cannot
 * reach a private address. (An IP-literal host skips `lookup`; resolveWebhookUrl checks it first.)
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveWebhookUrl(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}/`, allowPrivate).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = wanted ? addresses.filter((address) => address.family === wanted) : addresses;
        if (usable.length === 0) {
          callback(new WebhookAddressError(`${hostname} has no IPv${wanted} address`), '', 0);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, usable[0].address, usable[0].family);
        }
      },
      (error: unknown) => {
        callback(error as NodeJS.ErrnoException, '', 0);
      },
    );
  };
}
