/**
 * The load generator process: one long-lived child of the bench that runs every job it is sent
 * (autocannon saturation, the fixed-rate generator, NATS echo loops, WebSocket clients), so the
 * load's own CPU is one process of its own in the footprint, apart from what it measures.
 */
import autocannon from 'autocannon';
import { runEcho } from './echo';
import { runFanout } from './fanout';
import { runFixedRate } from './fixed-rate';
import type { Job, JobMessage, LoaderMessage, SaturationJob, SaturationResult } from './protocol';

function runSaturation(job: SaturationJob): Promise<SaturationResult> {
  return new Promise((done, fail) => {
    autocannon(
      {
        url: job.url,
        method: job.method,
        headers: job.headers,
        body: job.body,
        connections: job.connections,
        duration: job.durationSec,
        timeout: 10,
      },
      (error, result) => {
        if (error) {
          fail(error);
          return;
        }
        const statuses = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
        );
        const ok = result['2xx'];
        done({
          rps: ok / result.duration,
          ok,
          failed: result.non2xx + result.errors + result.timeouts,
          statuses,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          durationSec: result.duration,
        });
      },
    );
  });
}

const send = (message: LoaderMessage): void => {
  process.send?.(message);
};

async function run(id: number, job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'saturation':
      return runSaturation(job);
    case 'fixed-rate':
      return runFixedRate(job);
    case 'echo':
      return runEcho(job);
    case 'fanout':
      return runFanout(job, (progress) => send({ id, progress }));
  }
}

process.on('message', (message: JobMessage) => {
  run(message.id, message.job).then(
    (result) => send({ id: message.id, ok: true, result }),
    (error: unknown) =>
      send({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ id: 0, ok: true, result: 'ready' });
