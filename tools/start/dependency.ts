/**
 * A backing service the apps need (PostgreSQL, NATS, SMTP, S3). Each one is, in order of
 * preference: taken from the environment, reused from its default address on localhost, or started
 * by `npm start` with its data under .data/ (and stopped again when `npm start` stops).
 */
export interface Dependency {
  /** Short name for messages, e.g. 'PostgreSQL'. */
  readonly name: string;
  /** The environment variable the apps read, e.g. 'DATABASE_URL'. */
  readonly envVar: string;
  /** Finds or starts the service. Throws DependencyError with a one-line reason on failure. */
  resolve(): Promise<ResolvedDependency>;
}

export interface ResolvedDependency {
  /** Environment passed to every app (at least `envVar`). */
  readonly env: Readonly<Record<string, string>>;
  readonly origin: 'env' | 'localhost' | 'embedded';
  /** Where it runs and where its data lives, for the summary printed at start. */
  readonly summary: string;
  /** Present when `npm start` started the service: stops it (idempotent, never rejects). */
  stop?(): Promise<void>;
  /** Present when `npm start` started the service as a process: ends it at once (a second Ctrl-C). */
  kill?(): void;
  /** Present when `npm start` started it as a child: called if it exits while still needed. */
  onUnexpectedExit?(listener: (reason: string) => void): void;
}

/** A failure explained in one line to the user; main prints it and exits 1. */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
}
