import { z } from 'zod';

/** Characters parsers read differently: WHATWG drops tabs and newlines and reads `\` as `/`; others do not. */
function hasAmbiguousCharacter(raw: string): boolean {
  if (/[\\\s]/u.test(raw)) return true;
  for (let index = 0; index < raw.length; index += 1) {
    const code = raw.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Why `raw` is not a URL the suite calls (webhooks, push endpoints), or null: it must be an
 * absolute http(s) URL that every parser reads with the same host. So no `http:host` without
 * `//`, no backslash, whitespace or control character (WHATWG reads `a\@b` as host `a`, other
 * parsers as host `b`), and nothing before an `@` in the host (credentials, even empty ones).
 * The service then parses it once (WHATWG) and stores and calls that parse's `href`.
 */
export function outboundUrlProblem(raw: string): string | null {
  if (!/^https?:\/\/[^/]/i.test(raw)) return 'must start with http:// or https:// and a host';
  if (hasAmbiguousCharacter(raw)) {
    return 'must not contain backslashes, spaces or control characters (percent-encode them)';
  }
  const authority = raw.slice(raw.indexOf('//') + 2).split(/[/?#]/, 1)[0];
  if (authority.includes('@')) {
    return 'no user name or password in the URL (nothing may come before an @ in the host)';
  }
  return URL.canParse(raw) ? null : 'not a URL';
}

/**
 * An outbound URL field, checked as given: zod's `url` format trims it and drops tabs and
 * newlines, which would hide from the service what another parser would read.
 */
export const outboundUrl = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((value, context) => {
      const problem = outboundUrlProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .meta({ format: 'uri' });
