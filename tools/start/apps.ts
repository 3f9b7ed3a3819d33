/**
 * The apps `npm start` runs. Waves start in order: every app of a wave must report ready on
 * GET /health/ready before the next wave starts; apps within a wave start together.
 * To add a service, add a row (its entry must exist, its HTTP ops port must be free).
 */
export interface AppSpec {
  readonly name: string;
  /** Entry point, relative to the repository root. */
  readonly entry: string;
  /** Environment variable holding the app's HTTP port, and its default. */
  readonly portEnv: string;
  readonly defaultPort: number;
  readonly wave: number;
}

export const APPS: readonly AppSpec[] = [
  {
    name: 'identity',
    entry: 'apps/identity/src/main.ts',
    portEnv: 'IDENTITY_HTTP_PORT',
    defaultPort: 3101,
    wave: 0,
  },
  {
    name: 'notifications',
    entry: 'apps/notifications/src/main.ts',
    portEnv: 'NOTIFICATIONS_HTTP_PORT',
    defaultPort: 3105,
    wave: 1,
  },
  {
    name: 'messaging',
    entry: 'apps/messaging/src/main.ts',
    portEnv: 'MESSAGING_HTTP_PORT',
    defaultPort: 3102,
    wave: 1,
  },
  {
    name: 'calendar',
    entry: 'apps/calendar/src/main.ts',
    portEnv: 'CALENDAR_HTTP_PORT',
    defaultPort: 3103,
    wave: 1,
  },
  {
    name: 'files',
    entry: 'apps/files/src/main.ts',
    portEnv: 'FILES_HTTP_PORT',
    defaultPort: 3104,
    wave: 1,
  },
  { name: 'gateway', entry: 'apps/gateway/src/main.ts', portEnv: 'PORT', defaultPort: 3000, wave: 1 },
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
