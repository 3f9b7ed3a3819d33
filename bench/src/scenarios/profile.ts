/** How long and how hard each scenario runs: `--quick` for a smoke check (< 3 min), full (< 20 min). */
export interface Profile {
  readonly mode: 'quick' | 'full';
  /** Each arm once before the measured rounds. */
  readonly warmupSec: number;
  /** One arm's measured run in one round. */
  readonly roundSec: number;
  /** Rounds of interleaved arms; figures are the median over rounds. */
  readonly rounds: number;
  /** One arm's run at a fixed rate, per round. */
  readonly fixedRateSec: number;
  /** Rounds of the fixed-rate runs (the median is taken as for saturation). */
  readonly fixedRateRounds: number;
  /** HTTP connections of the load generator, the same for every HTTP arm. */
  readonly connections: number;
  /** The write scenario's burst, whose drain by the relay is timed. */
  readonly burstSec: number;
  /** Posts in the topics of the scale scenario (the smallest is also the read scenario's topic). */
  readonly scaleSizes: readonly number[];
  /** In-flight echo requests of the transport scenario. */
  readonly transportConcurrency: number;
  /** Offered load of the overload scenario. */
  readonly overloadSec: number;
  /** How long recovery after the overload is waited for before it is reported as not reached. */
  readonly recoveryMaxSec: number;
  readonly fanoutClients: readonly number[];
  /** Posts (one per second) of each fan-out run. */
  readonly fanoutPosts: number;
  /** Warm-up of the scale scenario's topics (the read scenario has warmed the path itself). */
  readonly scaleWarmupSec: number;
  /** One arm's run in one round of a scale step. */
  readonly scaleRoundSec: number;
  /** Post events of each backlog the consume scenario has notifications drain. */
  readonly consumeEvents: number;
  /** How long events are published at a steady rate, for the consumer's lag. */
  readonly consumeSteadySec: number;
}

export function profileFor(options: { quick: boolean; large: boolean }): Profile {
  if (options.quick) {
    return {
      mode: 'quick',
      warmupSec: 1,
      roundSec: 1.5,
      rounds: 3,
      fixedRateSec: 1.5,
      fixedRateRounds: 1,
      connections: 32,
      burstSec: 5,
      scaleSizes: [10_000, 100_000],
      transportConcurrency: 32,
      overloadSec: 4,
      recoveryMaxSec: 15,
      fanoutClients: [1000],
      fanoutPosts: 3,
      scaleWarmupSec: 0.5,
      scaleRoundSec: 1.5,
      consumeEvents: 3000,
      consumeSteadySec: 3,
    };
  }
  return {
    mode: 'full',
    warmupSec: 5,
    roundSec: 8,
    rounds: 3,
    fixedRateSec: 6,
    fixedRateRounds: 3,
    connections: 32,
    burstSec: 30,
    scaleSizes: options.large ? [10_000, 100_000, 1_000_000, 10_000_000] : [10_000, 100_000, 1_000_000],
    transportConcurrency: 32,
    overloadSec: 8,
    recoveryMaxSec: 30,
    fanoutClients: [1000, 5000],
    fanoutPosts: 6,
    scaleWarmupSec: 2,
    scaleRoundSec: 5,
    consumeEvents: 20_000,
    consumeSteadySec: 10,
  };
}
