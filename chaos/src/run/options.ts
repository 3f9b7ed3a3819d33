export interface Options {
  quick: boolean;
  /** Posts per second, instead of the plan's. */
  rate?: number;
}

export const USAGE = `npm run chaos [-- --quick] [-- --rate=<posts/s>]
  --quick      one fault of each kind, under 5 minutes
  --rate=N     writes started per second (quick 20, full 25)`;

export function parseOptions(args: readonly string[]): Options {
  const options: Options = { quick: false };
  for (const arg of args) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--rate=')) {
      const rate = Number(arg.slice('--rate='.length));
      if (!Number.isFinite(rate) || rate <= 0 || rate > 1000)
        throw new Error(`--rate must be 1–1000, got ${arg}`);
      options.rate = rate;
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}
