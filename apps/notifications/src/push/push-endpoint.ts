import { literalHostProblem, OutboundUrlError, parseOutboundUrl } from '../outbound/url-guard';

/**
 * Why a push endpoint may not be used, or null when it may: it must be https (plain http only with
 * PUSH_ALLOW_PRIVATE, for tests), read alike by every parser (the webhooks' rules), and a host
 * given as an IP address, or `localhost`, must be public (private, loopback and link-local ones
 * only with PUSH_ALLOW_PRIVATE). Host names are checked when the push is sent, on the addresses
 * they resolve to (see WebPushProvider), so DNS cannot be used to reach the suite's own network.
 */
export function pushEndpointProblem(endpoint: string, allowPrivate: boolean): string | null {
  const parsed = URL.parse(endpoint);
  if (!parsed) return 'not a URL';
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:')) {
    return 'must be an https:// URL';
  }
  let url: URL;
  try {
    url = parseOutboundUrl(endpoint);
  } catch (error) {
    if (error instanceof OutboundUrlError) return error.message;
    throw error;
  }
  const problem = literalHostProblem(url, allowPrivate);
  return problem && `must not be a local address: ${problem}`;
}
