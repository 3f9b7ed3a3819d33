/**
 * Remembers, for a short time, which (village, user) pairs identity just said "no" for, so an
 * outsider's repeated requests do not each become a read-through to identity. Bounded: when full,
 * the oldest entry goes first.
 */
export class NegativeCache {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(villageId: string, userId: string): boolean {
    const key = `${villageId}:${userId}`;
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }

  add(villageId: string, userId: string): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    const key = `${villageId}:${userId}`;
    this.until.delete(key); // re-inserted last, so eviction stays oldest-first
    while (this.until.size >= this.maxEntries) {
      const oldest = this.until.keys().next();
      if (oldest.done) break;
      this.until.delete(oldest.value);
    }
    this.until.set(key, this.now() + this.ttlMs);
  }

  delete(villageId: string, userId: string): void {
    this.until.delete(`${villageId}:${userId}`);
  }

  get size(): number {
    return this.until.size;
  }
}
