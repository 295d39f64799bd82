import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors';

declare module 'fastify' {
  interface FastifyInstance {
    /** API requests this process is working on now (load shedding's count). */
    inFlight(): number;
  }
}

/**
 * Load shedding: one process works on at most `maxInFlight` API requests at once. One more is refused at once —
 * 503 `OVERLOADED` with `Retry-After: 1`, before authentication or any database work — instead of joining a queue
 * that grows without limit (at twice the capacity, accepted requests used to wait tens of seconds). The accepted
 * requests then wait behind at most `maxInFlight` others, so their latency stays bounded, and a client or a load
 * balancer can retry elsewhere. Health checks and the web app's static files are not counted.
 *
 * Registered before every other `onRequest` hook, so a refused request costs no session lookup.
 */
export function registerLoadShedding(app: FastifyInstance, opts: { maxInFlight: number }): void {
  let inFlight = 0;
  const counted = new WeakSet<FastifyRequest>();
  const done = (request: FastifyRequest) => {
    if (counted.delete(request)) inFlight--;
  };
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    if (inFlight >= opts.maxInFlight) {
      void reply.header('retry-after', '1');
      throw new AppError('OVERLOADED', { details: { maxInFlight: opts.maxInFlight } });
    }
    inFlight++;
    counted.add(request);
  });
  app.addHook('onResponse', async (request) => done(request));
  app.addHook('onRequestAbort', async (request) => done(request));
  app.decorate('inFlight', () => inFlight);
}
