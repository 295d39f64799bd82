import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain, canonicalJson } from '../../src/server/platform/audit';
import { systemActor } from '../../src/server/platform/actor';
import { createTestContext, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

/** What someone with direct database access could do: switch the guard off, change history. */
async function tamper(t: TestContext, statement: ReturnType<typeof sql>) {
  await sql`alter table audit_log disable trigger audit_log_no_change`.execute(t.database.db);
  try {
    await statement.execute(t.database.db);
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(t.database.db);
  }
}

describe(`audit log (${ENGINE})`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
    const admin = await t.login('admin');
    const users = (await t.as(admin, 'GET', '/api/users?limit=200')).json().items as { id: string }[];
    for (const u of users.slice(0, 3)) await t.as(admin, 'PATCH', `/api/users/${u.id}`, { fullName: `Sửa ${u.id.slice(0, 4)}` });
  });
  afterAll(async () => t?.close());

  it('should verify an untouched chain', async () => {
    const r = await verifyAuditChain(t.database.db);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.entries).toBeGreaterThan(15);
  });

  it('should refuse UPDATE, DELETE and TRUNCATE through the application connection', async () => {
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('should verify entries whose diff has snake_case keys (jsonb keys are stored and read as written)', async () => {
    await t.database.db.transaction().execute((trx) =>
      appendAudit(trx, systemActor(), { action: 'test.snake', entityType: 'test', note: { by_kind: { crime_report: 1 }, plain: 'x' } }, new Date()),
    );
    const stored = await t.database.db.selectFrom('auditLog').select('diff').where('action', '=', 'test.snake').executeTakeFirstOrThrow();
    expect(stored.diff).toEqual({ note: { by_kind: { crime_report: 1 }, plain: 'x' } });
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('should keep the same hash input across a jsonb round trip (key order)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('should name the tampered entry after a row is altered directly in the database', async () => {
    await tamper(t, sql`update audit_log set diff = '{"after":{"fullName":"giả mạo"}}'::jsonb where seq = 12`);
    const r = await verifyAuditChain(t.database.db);
    expect(r).toMatchObject({ ok: false, brokenSeq: 12, entries: 11 });
  });

  it('should name the gap after an entry is deleted', async () => {
    await tamper(t, sql`update audit_log set diff = (select diff from audit_log where seq = 12) where seq = 12`); // no-op
    const fresh = await createTestContext();
    try {
      await tamper(fresh, sql`delete from audit_log where seq = 5`);
      expect(await verifyAuditChain(fresh.database.db)).toMatchObject({ ok: false, brokenSeq: 5 });
      // Removing the newest entry is caught by the chain head.
      const last = await sql<{ n: number }>`select max(seq)::int as n from audit_log`.execute(fresh.database.db);
      await tamper(fresh, sql`delete from audit_log where seq >= 5`);
      const r = await verifyAuditChain(fresh.database.db);
      expect(r.ok).toBe(false);
      expect(last.rows[0]!.n).toBeGreaterThan(5);
    } finally {
      await fresh.close();
    }
  });
});
