import type { Actor } from '@vv/platform';
import type { FastifyRequest } from 'fastify';

const actors = new WeakMap<FastifyRequest, Actor>();

/** Remembers the verified caller of a request, for the command it becomes. */
export const setActor = (request: FastifyRequest, actor: Actor): void => {
  actors.set(request, actor);
};

/** The verified caller, or null on a route without authentication. */
export const actorOf = (request: FastifyRequest): Actor | null => actors.get(request) ?? null;
