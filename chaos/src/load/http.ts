import { Agent, request } from 'node:http';

export type HttpOutcome =
  | { kind: 'answer'; status: number; body: string; retryAfterSec?: number }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** One HTTP request; never rejects: a transport failure or the client's timeout is an outcome too. */
export function send(agent: Agent, call: HttpCall): Promise<HttpOutcome> {
  return new Promise((done) => {
    let settled = false;
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      done(outcome);
    };
    const headers = { ...call.headers };
    if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
    const req = request(
      call.url,
      { agent, method: call.method, headers, signal: AbortSignal.timeout(call.timeoutMs) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const retryAfter = Number(res.headers['retry-after']);
          finish({
            kind: 'answer',
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfterSec: Number.isFinite(retryAfter) ? retryAfter : undefined,
          });
        });
        res.on('error', (error) => finish({ kind: 'network', message: error.message }));
      },
    );
    req.on('error', (error) =>
      finish(
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? { kind: 'timeout' }
          : { kind: 'network', message: error.message },
      ),
    );
    req.end(call.body);
  });
}
