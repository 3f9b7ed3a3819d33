import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Metrics, NatsClientProxy } from '@vv/platform';
import { summarize } from '../report/stats';
import { benchEcho, rawEchoSubject } from '../servers/echo-command';
import type { EchoJob, EchoResult } from './protocol';

/** `concurrency` loops, each sending its next echo when the previous one is answered, for `durationSec`. */
export async function runEcho(job: EchoJob): Promise<EchoResult> {
  const nc: NatsConnection = await connect({
    servers: job.natsUrl,
    name: `bench-echo-${job.mode}`,
    noAsyncTraces: true,
  });
  try {
    const text = 'x'.repeat(Math.max(1, job.payloadBytes - 12));
    let call: () => Promise<void>;
    if (job.mode === 'rpc') {
      const client = new NatsClientProxy({
        nc,
        prefix: job.prefix,
        defaultTimeoutMs: 5000,
        metrics: new Metrics('gateway'),
      });
      call = async () => {
        await client.call(benchEcho, { text });
      };
    } else {
      const subject = rawEchoSubject(job.prefix);
      const payload = JSON.stringify({ text });
      call = async () => {
        const reply = await nc.request(subject, payload, { timeout: 5000 });
        reply.json();
      };
    }
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const deadline = started + job.durationSec * 1000;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (performance.now() < deadline) {
          const sentAt = performance.now();
          try {
            await call();
            latencies.push(performance.now() - sentAt);
          } catch {
            errors++;
          }
        }
      }),
    );
    const durationSec = (performance.now() - started) / 1000;
    return {
      requests: latencies.length,
      errors,
      durationSec,
      rps: latencies.length / durationSec,
      latency: summarize(latencies),
    };
  } finally {
    await nc.close();
  }
}
