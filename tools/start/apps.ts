import { APP_NODE_OPTIONS, compiledEntry } from '@vv/testing';

/**
 * The apps `npm start` runs. Waves start in order: every app of a wave must report ready on
 * GET /health/ready before the next wave starts; apps within a wave start together.
 * To add a service, add a row (it must have a build target, its HTTP ops port must be free). Apps run
 * compiled (`node dist/apps/<app>/apps/<app>/src/main.js`, built first by main.ts), not through a
 * TypeScript loader: about 70 MB less per process.
 */
export interface AppSpec {
  readonly name: string;
  /** Entry point (absolute, or relative to the repository root). */
  readonly entry: string;
  /** Node options before the entry. */
  readonly nodeOptions: readonly string[];
  /** Environment variable holding the app's HTTP port, and its default. */
  readonly portEnv: string;
  readonly defaultPort: number;
  readonly wave: number;
}

/** A compiled app, run with the V8 options every app gets. */
const compiled = (name: string): Pick<AppSpec, 'name' | 'entry' | 'nodeOptions'> => ({
  name,
  entry: compiledEntry(name),
  nodeOptions: APP_NODE_OPTIONS,
});

export const APPS: readonly AppSpec[] = [
  {
    ...compiled('identity'),
    portEnv: 'IDENTITY_HTTP_PORT',
    defaultPort: 3101,
    wave: 0,
  },
  {
    ...compiled('notifications'),
    portEnv: 'NOTIFICATIONS_HTTP_PORT',
    defaultPort: 3105,
    wave: 1,
  },
  {
    ...compiled('messaging'),
    portEnv: 'MESSAGING_HTTP_PORT',
    defaultPort: 3102,
    wave: 1,
  },
  {
    ...compiled('calendar'),
    portEnv: 'CALENDAR_HTTP_PORT',
    defaultPort: 3103,
    wave: 1,
  },
  {
    ...compiled('files'),
    portEnv: 'FILES_HTTP_PORT',
    defaultPort: 3104,
    wave: 1,
  },
  { ...compiled('gateway'), portEnv: 'PORT', defaultPort: 3000, wave: 1 },
];

/** The app whose URL is printed once everything is ready. */
export const PUBLIC_APP = 'gateway';

export function appPort(app: AppSpec, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[app.portEnv];
  const port = raw === undefined || raw === '' ? app.defaultPort : Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${app.portEnv}=${raw ?? ''} is not a valid port for ${app.name}`);
  }
  return port;
}

/** APPS grouped by wave, in start order. */
export function waves(apps: readonly AppSpec[] = APPS): AppSpec[][] {
  const numbers = [...new Set(apps.map((app) => app.wave))].sort((a, b) => a - b);
  return numbers.map((wave) => apps.filter((app) => app.wave === wave));
}
