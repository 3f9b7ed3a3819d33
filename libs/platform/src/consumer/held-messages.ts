import type { JsMsg } from '@nats-io/jetstream';

/**
 * The messages a consumer has received and not yet settled (acked, nak'ed or terminated), handed
 * out in batches in delivery order. Every message held longer than a third of the ack wait is
 * told `working()`, queued or in hand: JetStream then redelivers none of them — and spends none of
 * their deliveries — however long the consumer takes (retrying through an outage, say).
 */
export class HeldMessages {
  private readonly queued: JsMsg[] = [];
  /** Every held message, with when JetStream last heard of it. */
  private readonly held = new Map<JsMsg, number>();
  private wake?: () => void;
  private ended = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ackWaitMs: number) {
    this.timer = setInterval(() => this.keepAlive(), Math.max(10, Math.floor(ackWaitMs / 3)));
    this.timer.unref();
  }

  add(msg: JsMsg): void {
    this.queued.push(msg);
    this.held.set(msg, Date.now());
    this.wake?.();
  }

  /** No more messages will be added; `take` drains what is queued, then resolves undefined. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Up to `max` queued messages, waiting for one when none is; undefined once ended and drained. */
  async take(max: number): Promise<JsMsg[] | undefined> {
    if (this.idle()) {
      do {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      } while (this.idle());
      // Woken by the first message of a burst: let the rest of what arrived with it join the batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.queued.length === 0 ? undefined : this.queued.splice(0, max);
  }

  /** Nothing queued, and more may come. */
  private idle(): boolean {
    return this.queued.length === 0 && !this.ended;
  }

  isHeld(msg: JsMsg): boolean {
    return this.held.has(msg);
  }

  /** The message is settled (or left to JetStream's ack wait): no more `working()` for it. */
  release(msg: JsMsg): void {
    this.held.delete(msg);
  }

  /** Hands messages back to JetStream unhandled (redelivered at once, to any replica). */
  giveBack(msgs: readonly JsMsg[]): void {
    for (const msg of msgs) {
      if (!this.held.delete(msg)) continue;
      try {
        msg.nak();
      } catch {
        // The connection is closed: JetStream redelivers after the ack wait instead.
      }
    }
  }

  /** Stops the keep-alive and hands back every message not yet taken. */
  close(): void {
    clearInterval(this.timer);
    this.giveBack(this.queued.splice(0));
  }

  private keepAlive(): void {
    const now = Date.now();
    const due = now - this.ackWaitMs / 3;
    for (const [msg, heard] of this.held) {
      if (heard > due) continue;
      msg.working();
      this.held.set(msg, now);
    }
  }
}
