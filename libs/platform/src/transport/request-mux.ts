import {
  createInbox,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

/** Why a request got no answer: nobody serves the subject, the deadline passed, or the connection is gone. */
export type RequestFailure = 'no-responders' | 'timeout' | 'closed';

export class RequestFailed extends Error {
  constructor(readonly reason: RequestFailure) {
    super(`request failed: ${reason}`);
  }
}

interface Pending {
  resolve: (msg: Msg) => void;
  reject: (error: RequestFailed) => void;
  timer: NodeJS.Timeout;
}

/** The status a NATS server answers with when no subscriber took a request (no_responders). */
const NO_RESPONDERS = 503;

/**
 * Request-reply over one inbox subscription, as `nc.request` does, without its per-request costs:
 * nats.js builds two or three Error objects (stack traces) for every request, even one answered in
 * time, which was more than half of a caller's CPU per command in the transport bench. Each request
 * gets a token under the process's inbox, a timer, and an entry in a map until its answer or its
 * deadline. Like `nc.request` it answers `no-responders` at once when the server reports nobody
 * listening (the connection announces no_responders support, as nats.js's does).
 */
export class RequestMux {
  private readonly inbox: string;
  private readonly pending = new Map<string, Pending>();
  private subscription?: Subscription;
  private next = 0;

  constructor(private readonly nc: NatsConnection) {
    this.inbox = createInbox();
    void nc.closed().then(() => {
      for (const [token, { reject, timer }] of this.pending) {
        clearTimeout(timer);
        this.pending.delete(token);
        reject(new RequestFailed('closed'));
      }
    });
  }

  request(subject: string, payload: string, headers: MsgHdrs, timeoutMs: number): Promise<Msg> {
    this.subscription ??= this.nc.subscribe(`${this.inbox}.*`, {
      callback: (error, msg) => {
        if (!error) this.answer(msg);
      },
    });
    const token = (this.next++).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new RequestFailed('timeout'));
      }, timeoutMs);
      this.pending.set(token, { resolve, reject, timer });
      try {
        this.nc.publish(subject, payload, { reply: `${this.inbox}.${token}`, headers });
      } catch {
        clearTimeout(timer);
        this.pending.delete(token);
        reject(new RequestFailed('closed'));
      }
    });
  }

  private answer(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length + 1);
    const pending = this.pending.get(token);
    if (!pending) return; // answered after its deadline, or a second answer
    this.pending.delete(token);
    clearTimeout(pending.timer);
    if (msg.data.length === 0 && msg.headers?.code === NO_RESPONDERS) {
      pending.reject(new RequestFailed('no-responders'));
    } else {
      pending.resolve(msg);
    }
  }
}
