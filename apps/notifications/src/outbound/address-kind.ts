import { isIP } from 'node:net';

/**
 * Which IP addresses the suite may call on a client's behalf (webhooks, push): public unicast
 * only, so a URL cannot become a way into the suite's own network (SSRF). Every IPv6 form that
 * carries an IPv4 address (mapped, compatible, translated, NAT64) is judged by that IPv4 address,
 * and IPv6 outside global unicast (2000::/3) is refused whatever it is.
 */

type Range = readonly [network: string, prefix: number, kind: string];

const IPV4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Checked before the IPv4 embeddings, so `::` and `::1` are not read as IPv4-compatible 0.0.0.0 / 0.0.0.1. */
const IPV6_RANGES: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'NAT64 (local use)'],
  ['100::', 64, 'discard'],
  ['2001::', 32, 'Teredo'],
  ['2001:2::', 48, 'reserved'],
  ['2001:10::', 28, 'reserved'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'reserved'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/**
 * IPv6 prefixes whose last 32 bits are an IPv4 address the packet reaches (or that some stack
 * reads as one). `publicOk`: with a public IPv4 address inside, the address is public (a dual-stack
 * socket, a NAT64 gateway); the other forms are deprecated or never routed, so refused anyway.
 */
const IPV4_EMBEDDINGS: ReadonlyArray<readonly [network: string, form: string, publicOk: boolean]> = [
  ['::ffff:0:0', 'IPv4-mapped', true],
  ['::', 'IPv4-compatible (deprecated)', false],
  ['::ffff:0:0:0', 'IPv4-translated', false],
  ['64:ff9b::', 'NAT64', true],
];

const GLOBAL_UNICAST: readonly [string, number] = ['2000::', 3];

const ipv4Value = (address: string): bigint =>
  address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);

/** The 128-bit value of a valid IPv6 address (a zone id and a dotted IPv4 tail allowed). */
function ipv6Value(address: string): bigint {
  let text = address.split('%')[0].toLowerCase();
  const tailStart = text.lastIndexOf(':') + 1;
  if (text.includes('.', tailStart)) {
    const v4 = ipv4Value(text.slice(tailStart));
    text = `${text.slice(0, tailStart)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = text.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  return [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].reduce(
    (value, group) => (value << 16n) | BigInt(parseInt(group, 16)),
    0n,
  );
}

const compile = (ranges: readonly Range[], bits: bigint, parse: (address: string) => bigint) =>
  ranges.map(([network, prefix, kind]) => {
    const shift = bits - BigInt(prefix);
    return { shift, network: parse(network) >> shift, kind };
  });

const ipv4Table = compile(IPV4_RANGES, 32n, ipv4Value);
const ipv6Table = compile(IPV6_RANGES, 128n, ipv6Value);
const embeddings = IPV4_EMBEDDINGS.map(([network, form, publicOk]) => ({
  network: ipv6Value(network) >> 32n,
  form,
  publicOk,
}));
const globalUnicast = ipv6Value(GLOBAL_UNICAST[0]) >> BigInt(128 - GLOBAL_UNICAST[1]);

const kindIn = (table: ReturnType<typeof compile>, value: bigint): string | null =>
  table.find(({ shift, network }) => value >> shift === network)?.kind ?? null;

function ipv6Kind(value: bigint): string | null {
  const listed = kindIn(ipv6Table, value);
  if (listed) return listed;
  const embedding = embeddings.find(({ network }) => value >> 32n === network);
  if (embedding) {
    const inner = kindIn(ipv4Table, value & 0xffffffffn);
    return inner ?? (embedding.publicOk ? null : embedding.form);
  }
  return value >> BigInt(128 - GLOBAL_UNICAST[1]) === globalUnicast ? null : 'reserved';
}

/** Why `address` (an IP literal) may not be called, or null when it is a public unicast address. */
export function nonPublicKind(address: string): string | null {
  switch (isIP(address)) {
    case 4:
      return kindIn(ipv4Table, ipv4Value(address));
    case 6:
      return ipv6Kind(ipv6Value(address));
    default:
      return 'not an IP address';
  }
}
