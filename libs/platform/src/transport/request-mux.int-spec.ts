import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { infrastructure, testSubjectPrefix } from '@vv/testing';
import { RequestFailed, RequestMux } from './request-mux';

describe('RequestMux', () => {
  let nc: NatsConnection;
  let mux: RequestMux;
  const prefix = testSubjectPrefix();

  beforeAll(async () => {
    nc = await connect({ servers: (await infrastructure()).natsUrl });
    mux = new RequestMux(nc);
  });
  afterAll(() => nc.close());

  const reason = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => 'answered',
      (error: unknown) => (error instanceof RequestFailed ? error.reason : error),
    );

  it('pairs every answer with its own request, however they interleave', async () => {
    // Answers in reverse order of arrival: a mix-up of tokens would show as a wrong pairing.
    const held: Array<() => void> = [];
    const sub = nc.subscribe(`${prefix}.reverse`, {
      callback: (_error, msg) => {
        held.push(() => msg.respond(msg.data));
        if (held.length === 20) for (const send of held.reverse()) send();
      },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mux.request(`${prefix}.reverse`, String(i), headers(), 5000).then((msg) => msg.string()),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    sub.unsubscribe();
  });

  it('fails at once with no-responders when nobody serves the subject', async () => {
    const started = Date.now();
    await expect(reason(mux.request(`${prefix}.nobody`, '{}', headers(), 5000))).resolves.toBe(
      'no-responders',
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out when the answer does not come, and ignores it when it comes late', async () => {
    let late: (() => void) | undefined;
    let answered = (): void => undefined;
    const lateSent = new Promise<void>((resolve) => (answered = resolve));
    const sub = nc.subscribe(`${prefix}.slow`, {
      callback: (_error, msg) => {
        late = () => {
          msg.respond('late');
          answered();
        };
      },
    });
    await expect(reason(mux.request(`${prefix}.slow`, '{}', headers(), 200))).resolves.toBe('timeout');
    late?.();
    await lateSent;
    await nc.flush(); // the late answer has reached the mux (and is dropped) before the next request
    const echo = nc.subscribe(`${prefix}.fast`, { callback: (_error, msg) => void msg.respond('fast') });
    const next = await mux.request(`${prefix}.fast`, '{}', headers(), 5000);
    expect(next.string()).toBe('fast');
    sub.unsubscribe();
    echo.unsubscribe();
  });

  it('fails what is still waiting when the connection closes', async () => {
    const own = await connect({ servers: (await infrastructure()).natsUrl });
    const sub = nc.subscribe(`${prefix}.never`, { callback: () => undefined });
    await nc.flush();
    const waiting = reason(new RequestMux(own).request(`${prefix}.never`, '{}', headers(), 60_000));
    await own.flush();
    await own.close();
    await expect(waiting).resolves.toBe('closed');
    sub.unsubscribe();
  });
});
