/**
 * The direct arm: the smallest Node HTTP service over the same stored functions — one process,
 * Fastify, a node-postgres pool of the suite's size, no auth, no validation, no NATS. What the
 * suite reaches is measured against this floor.
 */
import Fastify from 'fastify';
import { SESSION_OPTIONS } from '@vv/platform';
import { Pool } from 'pg';
import { CREATE_POST_SQL, LIST_POSTS_SQL, PAGE_SIZE } from '../data/sql';
import { announceReady, exitWithParent, serverConfig } from './server-config';

export interface DirectServerConfig {
  port: number;
  databaseUrl: string;
  poolSize: number;
  actorId: string;
}

async function main(): Promise<void> {
  const config = serverConfig<DirectServerConfig>();
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max: config.poolSize,
    options: SESSION_OPTIONS, // the services' session settings
  });
  const app = Fastify({ logger: false });

  app.get<{ Params: { id: string } }>('/topics/:id/posts', async (request) => {
    const { rows } = await pool.query(LIST_POSTS_SQL, [request.params.id, config.actorId, PAGE_SIZE + 1]);
    return { items: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE };
  });

  app.post<{ Params: { id: string }; Body: { body: string } }>(
    '/topics/:id/posts',
    async (request, reply) => {
      const { rows } = await pool.query(CREATE_POST_SQL, [
        request.params.id,
        config.actorId,
        request.body.body,
        false,
      ]);
      return reply.code(201).send(rows[0]);
    },
  );

  app.get('/health', () => ({ ok: true }));

  await app.listen({ port: config.port, host: '127.0.0.1' });
  exitWithParent(async () => {
    await app.close();
    await pool.end();
  });
  announceReady();
}

void main();
