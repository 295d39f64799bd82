import { sql } from 'kysely';
import { ZHealth, ZReady } from '../../../contracts/health';
import type { Database } from '../../platform/db/database';
import { pendingMigrations } from '../../platform/db/migrator';
import type { App } from '../../platform/http';

export function healthRoutes(app: App, deps: { database: Database }): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Alive', response: { 200: ZHealth } }, config: { public: true } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'Database reachable and migrations applied', response: { 200: ZReady, 503: ZReady } }, config: { public: true } },
    async (_request, reply) => {
      let reachable = false;
      let pending: string[] = [];
      try {
        await sql`select 1`.execute(deps.database.db);
        reachable = true;
        pending = await pendingMigrations(deps.database.db);
      } catch {
        // unreachable or not migrated: reported below
      }
      const ready = reachable && pending.length === 0;
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        database: { engine: deps.database.engine, reachable },
        migrations: { pending },
      });
    },
  );
}
