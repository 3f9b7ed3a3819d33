import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { RequestOptions } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import { outboundUrlProblem } from '@vv/contracts';
import { nonPublicKind } from './address-kind';

/** A URL the suite may not call for a client (the reason is safe to show its owner). */
export class OutboundUrlError extends Error {
  override readonly name = 'OutboundUrlError';
}

/** Every address a host name stands for; injectable, so tests can play DNS. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error)
        reject(new OutboundUrlError(`${hostname} does not resolve (${error.code ?? error.message})`));
      else resolve(addresses);
    });
  });

/** A URL parsed once, its host resolved once, and every address checked. */
export interface OutboundTarget {
  url: URL;
  /** The host without brackets: a name, or an IP address. */
  host: string;
  /** What the connection may use: every address the host stood for when checked. */
  addresses: LookupAddress[];
}

export interface GuardOptions {
  /** WEBHOOK_ALLOW_PRIVATE / PUSH_ALLOW_PRIVATE: lifts the address rules (never the syntax rules). */
  allowPrivate: boolean;
  resolve?: HostResolver;
}

/**
 * The URL as WHATWG reads it, once it is one every parser reads alike (contracts'
 * outboundUrlProblem: no backslash, whitespace or control character, nothing before an `@` in
 * the host, `//` after the scheme). Its `href` is the one form stored and called.
 */
export function parseOutboundUrl(raw: string): URL {
  const problem = outboundUrlProblem(raw);
  const url = problem ? null : URL.parse(raw);
  if (!url) throw new OutboundUrlError(problem ?? 'not a URL');
  return url;
}

const hostOf = (url: URL): string =>
  url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;

/** `localhost` and its subdomains are loopback by definition (RFC 6761), whatever DNS says. */
const isLocalhostName = (host: string): boolean => /(^|\.)localhost\.?$/i.test(host);

/**
 * What can be said of a URL's host without DNS: the problem with a local name or a non-public IP
 * literal, or null (a name is checked on the addresses it resolves to).
 */
export function literalHostProblem(url: URL, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const host = hostOf(url);
  if (isLocalhostName(host)) return `${host} names a loopback address`;
  const kind = isIP(host) ? nonPublicKind(host) : null;
  return kind ? `${host} is a ${kind} address` : null;
}

/**
 * Parses the URL once, resolves its host once and checks every address; OutboundUrlError when any
 * is not public (unless allowPrivate) or there is none. Called at registration and at every
 * attempt: an address that was public when registered may not be any more.
 */
export async function resolveOutboundUrl(raw: string, options: GuardOptions): Promise<OutboundTarget> {
  const url = parseOutboundUrl(raw);
  const problem = literalHostProblem(url, options.allowPrivate);
  if (problem) throw new OutboundUrlError(problem);
  const host = hostOf(url);
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await (options.resolve ?? systemResolver)(host);
  if (addresses.length === 0) throw new OutboundUrlError(`${host} has no address`);
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const kind = nonPublicKind(address);
      if (kind) throw new OutboundUrlError(`${host} resolves to a ${kind} address (${address})`);
    }
  }
  return { url, host, addresses };
}

/** A `lookup` that never resolves: it answers with the addresses given (those that were checked). */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0) {
      callback(new OutboundUrlError(`${hostname} has no checked IPv${String(family)} address`), '', 0);
    } else if (options.all) {
      callback(null, [...usable]);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}

/**
 * The options of http(s).request that reach the checked target and nothing else: the parsed
 * URL's parts (never the raw string again), a pinned lookup (so DNS rebinding between the check
 * and the connection cannot move it; an IP literal is connected to as is), and no pooled socket.
 */
export function requestOptionsFor(target: OutboundTarget): RequestOptions {
  const { url } = target;
  return {
    protocol: url.protocol,
    hostname: target.host,
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    lookup: pinnedLookup(target.addresses),
    agent: false,
  };
}
