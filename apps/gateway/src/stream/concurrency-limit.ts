/**
 * At most `max` tasks at once, the rest wait their turn (first come, first served). The stream
 * loads each new socket's memberships from identity through one: a reconnect storm (a gateway
 * restart, thousands of sockets at once) then reaches identity as a steady queue instead of a burst
 * that its in-flight limit would refuse.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so `running` never drops below what is running.
      if (next) next();
      else this.running -= 1;
    }
  }
}
