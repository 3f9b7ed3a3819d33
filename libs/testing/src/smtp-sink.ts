import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from './eventually';

/** A message the sink received, with its headers and its text/plain body decoded. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  headers: Record<string, string | undefined>;
  subject: string;
  messageId: string;
  text: string;
  html: string | undefined;
}

export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the messages once `count` of them match `to` (all when absent). */
  waitFor(count: number, to?: string, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const unfold = (block: string): Record<string, string | undefined> => {
  const headers: Record<string, string | undefined> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
};

const decodeBody = (body: string, encoding: string | undefined): string => {
  switch ((encoding ?? '').toLowerCase()) {
    case 'quoted-printable':
      return Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
};

const split = (raw: string): { headers: Record<string, string | undefined>; body: string } => {
  const at = raw.indexOf('\r\n\r\n');
  return { headers: unfold(raw.slice(0, at)), body: raw.slice(at + 4) };
};

/** The decoded text/plain and text/html parts of a (possibly multipart) message. */
function parts(raw: string): {
  text: string;
  html: string | undefined;
  headers: Record<string, string | undefined>;
} {
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary)
    return { headers, text: decodeBody(body, headers['content-transfer-encoding']), html: undefined };
  let text = '';
  let html: string | undefined;
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const inner = split(part.replace(/^\r\n/, ''));
    const decoded = decodeBody(inner.body.replace(/\r\n$/, ''), inner.headers['content-transfer-encoding']);
    if ((inner.headers['content-type'] ?? '').startsWith('text/plain')) text = decoded;
    if ((inner.headers['content-type'] ?? '').startsWith('text/html')) html = decoded;
  }
  return { headers, text, html };
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers, text, html } = parts(raw);
        messages.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          raw,
          headers,
          subject: headers.subject ?? '',
          messageId: headers['message-id'] ?? '',
          text,
          html,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const matching = (to?: string): ReceivedMail[] =>
    to === undefined ? messages : messages.filter((message) => message.to.includes(to.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor: (count, to, timeoutMs = 15_000) =>
      eventually(() => {
        const found = matching(to);
        if (found.length < count) {
          throw new Error(`expected ${count} mail(s) to ${to ?? 'anyone'}, got ${found.length}`);
        }
        return found;
      }, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of the accept link in a mail's text body. */
export function tokenInMail(mail: ReceivedMail): string {
  const match = /[?&]token=([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no invitation link in the mail: ${mail.text}`);
  return match[1];
}
