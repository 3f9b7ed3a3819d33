import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { Dependency, DependencyError, ResolvedDependency } from './dependency';
import { DATA_DIR, ROOT, errorMessage, probeTcp, redact, say } from './util';

export interface SmtpOptions {
  /** SMTP_URL from the environment, used as is when set. */
  readonly fromEnv: string | undefined;
  readonly host: string;
  readonly port: number;
  /** Where the sink writes each message, one `.eml` file per mail. */
  readonly mailDir: string;
}

export const smtpDefaults: SmtpOptions = {
  fromEnv: process.env.SMTP_URL,
  host: '127.0.0.1',
  port: 1025,
  mailDir: join(DATA_DIR, 'mail'),
};

/** An in-process SMTP server that keeps every message in `mailDir` and prints where it went. */
async function startSink(options: SmtpOptions): Promise<ResolvedDependency> {
  mkdirSync(options.mailDir, { recursive: true });
  const shownDir = relative(ROOT, options.mailDir);
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const file = join(
          options.mailDir,
          `${new Date().toISOString().replace(/[:.]/g, '-')}-${++count}.eml`,
        );
        try {
          writeFileSync(file, raw);
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ');
          const subject = /^Subject: (.*)$/im.exec(raw.toString('utf8'))?.[1] ?? '';
          say(`mail to ${to} "${subject}" → ${relative(ROOT, file)}`);
          callback();
        } catch (error) {
          callback(new Error(`could not store the message: ${errorMessage(error)}`));
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  }).catch((error: unknown) => {
    throw new DependencyError(
      `SMTP sink could not listen on ${options.host}:${options.port}: ${errorMessage(error)}`,
    );
  });
  let stopping: Promise<void> | undefined;
  return {
    env: { SMTP_URL: `smtp://${options.host}:${options.port}` },
    origin: 'embedded',
    summary: `SMTP sink on ${options.host}:${options.port}, every mail saved in ${shownDir}/`,
    stop: () => (stopping ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** SMTP for the notifications service: SMTP_URL, else a server on 127.0.0.1:1025, else the sink. */
export function smtp(options: SmtpOptions = smtpDefaults): Dependency {
  return {
    name: 'SMTP',
    envVar: 'SMTP_URL',
    async resolve(): Promise<ResolvedDependency> {
      if (options.fromEnv) {
        return { env: { SMTP_URL: options.fromEnv }, origin: 'env', summary: redact(options.fromEnv) };
      }
      const greeting = await probeTcp(options.host, options.port);
      if (greeting !== null) {
        if (!greeting.startsWith('220')) {
          throw new DependencyError(
            `${options.host}:${options.port} is in use by something that is not SMTP; free it or set SMTP_URL`,
          );
        }
        const url = `smtp://${options.host}:${options.port}`;
        return { env: { SMTP_URL: url }, origin: 'localhost', summary: `${url} (the server on localhost)` };
      }
      return startSink(options);
    },
  };
}
