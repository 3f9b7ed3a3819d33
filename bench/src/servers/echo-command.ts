import { defineCommand } from '@vv/contracts';
import { z } from 'zod';

/**
 * The transport scenario's echo, as a contract command (so NatsClientProxy/NatsTransport validate it as
 * they do every command). `identity` only because a command names one of the suite's services;
 * the bench's subject prefix keeps it away from a real identity.
 */
export const benchEcho = defineCommand({
  service: 'identity',
  name: 'bench.echo',
  version: 1,
  summary: 'Echoes its text (bench only)',
  request: z.strictObject({ text: z.string() }),
  response: z.object({ text: z.string() }),
});

/** The subject the raw arm uses: same shape, no contract. */
export const rawEchoSubject = (prefix: string): string => `${prefix}.bench.raw-echo`;
