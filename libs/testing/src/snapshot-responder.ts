import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { commandSubject, type CommandDefinition } from '@vv/contracts';

/**
 * Stands in for an owner's paged snapshot command over real NATS: answers `items()` a page at a
 * time (the cursor is an index here) and counts the requests.
 */
export class SnapshotResponder {
  requests = 0;
  private readonly subscription: Subscription;

  constructor(nc: NatsConnection, prefix: string, def: CommandDefinition, items: () => unknown[]) {
    this.subscription = nc.subscribe(commandSubject(prefix, def), {
      callback: (_error, msg) => {
        this.requests++;
        const { cursor, limit } = msg.json<{ cursor: string | null; limit: number }>();
        const all = items();
        const from = Number(cursor ?? 0);
        const nextCursor = from + limit < all.length ? String(from + limit) : null;
        // A command's success answer is its response's JSON (see HEADERS.error in @vv/contracts).
        msg.respond(JSON.stringify({ items: all.slice(from, from + limit), nextCursor }));
      },
    });
  }

  close(): Promise<void> {
    this.subscription.unsubscribe();
    return Promise.resolve();
  }
}
