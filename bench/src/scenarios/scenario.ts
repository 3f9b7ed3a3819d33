import type { Pool } from 'pg';
import type { BenchEnvironment } from '../infra/environment';
import type { ProcessGroup } from '../infra/proc-stats';
import type { Suite } from '../infra/suite';
import type { Fixture } from '../data/fixture';
import type { Loader } from '../load/loader-client';
import type { Target } from '../report/stats';
import type { Profile } from './profile';

export type Unit =
  | 'req/s'
  | 'ms'
  | 's'
  | 'µs/req'
  | 'MB'
  | 'ratio'
  | 'count'
  | 'share'
  | 'buffers'
  | 'cost'
  | 'msg/s'
  | 'events/s';

/** One line of the table: one figure, for one arm or several (then `values` follow the label's order). */
export interface Figure {
  label: string;
  unit: Unit;
  values: (number | null)[];
  /** Only on single-valued figures. */
  target?: Target;
}

export interface ScenarioReport {
  id: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  figures: Figure[];
  /** Per-round figures and anything else worth keeping, for the JSON. */
  details?: unknown;
  seconds?: number;
}

/** CPU µs per request, by process group; peak RSS in bytes by app. */
export interface FootprintSample {
  cpuMicrosPerRequest: Record<string, number>;
  rssPeakBytes: Record<string, number>;
  requests: number;
}

/** What scenarios share: the running suite, its data, the load generator, figures of earlier scenarios. */
export interface BenchContext {
  profile: Profile;
  environment: BenchEnvironment;
  suite: Suite;
  fixture: Fixture;
  /** A pool on the bench database, for seeding and inspection (never on a measured path). */
  db: Pool;
  loader: Loader;
  /** The direct arm's server (bench/src/servers/direct-server.ts). */
  directUrl: string;
  /** The processes whose CPU the footprint reports. */
  groups: ProcessGroup[];
  /** Single-process apps whose RSS is sampled. */
  apps: { name: string; pid: number }[];
  shared: {
    /** Scenario 1's median saturation rates (req/s). */
    readSaturation?: { direct: number | null; suite: number | null };
    /** Footprint samples of saturated rounds, by `<scenario>/<arm>` (read/suite, write/direct, …). */
    footprint: Partial<Record<string, FootprintSample[]>>;
    /** RSS of each app after start and seeding, before any load. */
    idleRssBytes: Partial<Record<string, number>>;
  };
}

export interface Scenario {
  id: string;
  title: string;
  run(context: BenchContext): Promise<ScenarioReport>;
}

export const skipped = (id: string, title: string, reason: string): ScenarioReport => ({
  id,
  title,
  status: 'skipped',
  reason,
  figures: [],
});
