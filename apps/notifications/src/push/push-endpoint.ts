import { isIP } from 'node:net';
import { nonPublicKind } from '../outbound/url-guard';

/**
 * Why a push endpoint may not be used, or null when it may: it must be https (plain http only with
 * PUSH_ALLOW_PRIVATE, for tests), and a host given as an IP address must be public (private,
 * loopback and link-local ones only with PUSH_ALLOW_PRIVATE). Host names are checked when the push
 * is sent, on the addresses they resolve to (see WebPushProvider), so DNS cannot be used to reach
 * the suite's own network.
 */
export function pushEndpointProblem(endpoint: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return 'must be an https:// URL';
  }
  if (url.username || url.password) return 'no user name or password in the URL';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!allowPrivate) {
    if (host === 'localhost' || host.endsWith('.localhost')) return 'must not be a local address';
    if (isIP(host) !== 0) {
      const kind = nonPublicKind(host);
      if (kind) return `must not be a ${kind} address`;
    }
  }
  return null;
}
