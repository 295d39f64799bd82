import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

/**
 * Above MAX_IN_FLIGHT requests, one more is refused at once with 503 OVERLOADED and Retry-After, in the error model
 * and with the security headers, while the accepted ones complete; the count goes back down.
 */
describe(`load shedding (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestContext({ maxInFlight: 2 });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin.cookie } });
  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setTimeout(r, 5));
  };

  it('should refuse the request beyond the limit at once, and serve the accepted ones', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    // Hold the database: the accepted requests wait in their session lookup.
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = t.database.db.transaction().execute(async (trx) => {
      if (ENGINE === 'postgres') await sql`lock table session in access exclusive mode`.execute(trx);
      held();
      await gate;
    });
    await holding;
    const accepted = [me(), me()];
    await until(() => t.app.inFlight() === 2);
    const refused = await Promise.all([me(), me(), me()]);
    for (const r of refused) {
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBe('1');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.json().error).toMatchObject({ code: 'OVERLOADED', requestId: expect.any(String) });
    }
    expect(t.app.inFlight()).toBe(2);
    open();
    await holder;
    for (const r of await Promise.all(accepted)) expect(r.statusCode).toBe(200);
    await until(() => t.app.inFlight() === 0);
    expect((await me()).statusCode).toBe(200);
  });

  it('should not count health checks and static files', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(t.app.inFlight()).toBe(0);
  });
});
