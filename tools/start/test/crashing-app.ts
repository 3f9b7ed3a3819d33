/**
 * A stand-in app for supervisor.spec.ts: answers every request with its pid (so /health/ready is 200),
 * exits with code 3 when asked for /crash, and at once with code 2 when CRASH_AT_START is set.
 */
import { createServer } from 'node:http';

if (process.env.CRASH_AT_START) process.exit(2);

createServer((request, response) => {
  response.setHeader('content-type', 'application/json');
  if (request.url === '/crash') response.end('{}', () => process.exit(3));
  else response.end(JSON.stringify({ pid: process.pid }));
}).listen(Number(process.env.CRASHING_APP_PORT), '127.0.0.1');
