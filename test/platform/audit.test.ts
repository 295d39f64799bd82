import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, auditHash, verifyAuditChain, canonicalJson } from '../../src/server/platform/audit';
import { AnchorError, appendCheckpoint, checkAnchors, signingKey, verifyingKey } from '../../src/server/platform/audit-anchor';
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

  it('should chain the entries of concurrent writers in commit order, none lost, none from a rolled-back write', async () => {
    const before = await t.database.db.selectFrom('auditChainHead').select(['seq', 'hash']).executeTakeFirstOrThrow();
    const writers = 24;
    const results = await Promise.allSettled(
      Array.from({ length: writers }, (_, i) =>
        t.database.db.transaction().execute(async (trx) => {
          const a = await appendAudit(trx, systemActor(), { action: 'test.concurrent', entityType: 'test', entityId: `w${i}`, note: { part: 1 } }, new Date());
          const b = await appendAudit(trx, systemActor(), { action: 'test.concurrent', entityType: 'test', entityId: `w${i}`, note: { part: 2 } }, new Date());
          if (i % 6 === 5) throw new Error('rolled back');
          return [a, b];
        }),
      ),
    );
    const committed = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, seqs: r.value }] : []));
    expect(committed).toHaveLength(writers - writers / 6);
    // A writer's two entries are adjacent: the head stays locked by its transaction between them.
    for (const c of committed) expect(c.seqs[1]).toBe(c.seqs[0]! + 1);
    const rows = await t.database.db
      .selectFrom('auditLog')
      .select(['seq', 'entityId', 'prevHash'])
      .where('seq', '>', before.seq)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: committed.length * 2 }, (_, k) => before.seq + 1 + k));
    expect(rows[0]!.prevHash).toBe(before.hash);
    expect(new Set(rows.map((r) => r.entityId))).toEqual(new Set(committed.map((c) => `w${c.i}`)));
    const r = await verifyAuditChain(t.database.db);
    expect(r).toMatchObject({ ok: true });
  });

  describe('checkpoints outside the database', () => {
    let dir: string;
    let file: string;
    const append = (n: number) =>
      t.database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < n; i++) await appendAudit(trx, systemActor(), { action: 'test.grow', entityType: 'test', note: { i } }, new Date());
      });
    const anchor = () => appendCheckpoint(t.database.db, file, signingKey(file, undefined), new Date());
    const check = () => checkAnchors(t.database.db, file, verifyingKey(file, {}));
    type Row = Awaited<ReturnType<typeof allRows>>[number];
    const allRows = () => t.database.db.selectFrom('auditLog').selectAll().orderBy('seq').execute();
    /** Puts entries back as they were (the trigger off), and the head on the last of them. */
    const putBack = async (rows: Row[]) => {
      await tamper(t, sql`delete from audit_log where seq >= ${rows[0]!.seq}`);
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(t.database.db);
      try {
        for (const r of rows) await t.database.db.insertInto('auditLog').values({ ...r, diff: JSON.stringify(r.diff) }).execute();
      } finally {
        await sql`alter table audit_log enable trigger audit_log_no_change`.execute(t.database.db);
      }
      const last = rows[rows.length - 1]!;
      await t.database.db.updateTable('auditChainHead').set({ seq: last.seq, hash: last.hash }).where('id', '=', 1).execute();
    };

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-anchor-'));
      file = path.join(dir, 'audit-anchors.jsonl');
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('should sign checkpoints of a growing chain with a key created 0600 on first use, and verify them', async () => {
      const first = await anchor();
      expect(first).toMatchObject({ written: true, verifiedFrom: 0 });
      expect(fs.statSync(`${file}.key`).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(`${file}.pub`, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      await append(3);
      const second = await anchor();
      expect(second.checkpoint.seq).toBe(first.checkpoint.seq + 3);
      expect(second).toMatchObject({ written: true, verifiedFrom: first.checkpoint.seq });
      expect(second.checkpoint.entries).toBe(second.checkpoint.seq);
      await append(2);
      expect(await appendCheckpoint(t.database.db, file, signingKey(file, undefined), new Date(), { onlyIfMoved: true })).toMatchObject({ written: true });
      expect(await appendCheckpoint(t.database.db, file, signingKey(file, undefined), new Date(), { onlyIfMoved: true })).toMatchObject({ written: false });
      await append(2); // the chain grows past the checkpoints: still fine
      expect(await check()).toEqual({ ok: true, checkpoints: 3, lastSeq: second.checkpoint.seq + 2 });
      // A third party holding only the public key verifies the same file.
      const pubOnly = path.join(dir, 'third-party.pub');
      fs.copyFileSync(`${file}.pub`, pubOnly);
      expect(await checkAnchors(t.database.db, file, verifyingKey(file, { publicKeyFile: pubOnly }))).toMatchObject({ ok: true });
      expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
    });

    it('should detect a tail cut with the head rewound, which the chain alone does not', async () => {
      const rows = await allRows();
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      const newest = JSON.parse(lines[2]!) as { seq: number };
      const cut = newest.seq - 1; // the third checkpoint is past the new end; the second still holds
      await tamper(t, sql`delete from audit_log where seq > ${cut}`);
      await sql`update audit_chain_head set seq = ${cut}, hash = (select hash from audit_log where seq = ${cut}) where id = 1`.execute(t.database.db);
      try {
        expect((await verifyAuditChain(t.database.db)).ok).toBe(true); // consistent on its own
        const r = await check();
        expect(r).toMatchObject({ ok: false, line: 3, seq: newest.seq });
        if (!r.ok) expect(r.reason).toMatch(/shorter than the checkpoint: head #\d+ < #\d+/);
        // No new checkpoint is signed over it.
        await expect(anchor()).rejects.toThrow(AnchorError);
      } finally {
        await putBack(rows.filter((r) => r.seq > cut));
      }
      expect(await check()).toMatchObject({ ok: true });
    });

    it('should detect history rewritten with recomputed hashes, naming the first checkpoint after it', async () => {
      const rows = await allRows();
      const firstCheckpoint = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]!) as { seq: number };
      const from = firstCheckpoint.seq - 1; // an entry before the first checkpoint
      let prev = rows.find((r) => r.seq === from - 1)!.hash;
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(t.database.db);
      try {
        for (const r of rows.filter((x) => x.seq >= from)) {
          const diff = r.seq === from ? { after: { fullName: 'giả mạo' } } : r.diff;
          const hash = auditHash(prev, { ...r, at: new Date(r.at).toISOString(), diff });
          await t.database.db.updateTable('auditLog').set({ diff: JSON.stringify(diff), prevHash: prev, hash }).where('seq', '=', r.seq).execute();
          prev = hash;
        }
      } finally {
        await sql`alter table audit_log enable trigger audit_log_no_change`.execute(t.database.db);
      }
      await t.database.db.updateTable('auditChainHead').set({ hash: prev }).where('id', '=', 1).execute();
      try {
        expect((await verifyAuditChain(t.database.db)).ok).toBe(true); // recomputed: the chain alone cannot tell
        const r = await check();
        expect(r).toMatchObject({ ok: false, line: 1, seq: firstCheckpoint.seq });
        if (!r.ok) expect(r.reason).toContain('history rewritten');
      } finally {
        await putBack(rows.filter((r) => r.seq >= from));
      }
      expect(await check()).toMatchObject({ ok: true });
    });

    it('should name a tampered line of the anchor file: changed values, a forged signature, another key', async () => {
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      const copy = path.join(dir, 'copy.jsonl');
      const checkCopy = () => checkAnchors(t.database.db, copy, verifyingKey(file, {}));
      const second = JSON.parse(lines[1]!) as Record<string, unknown>;
      // The seq moved back with its entry's real hash: the signature no longer verifies.
      const real = await t.database.db.selectFrom('auditLog').select('hash').where('seq', '=', 3).executeTakeFirstOrThrow();
      fs.writeFileSync(copy, [lines[0], JSON.stringify({ ...second, seq: 3, hash: real.hash }), lines[2]].join('\n') + '\n');
      expect(await checkCopy()).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining('signature does not verify') });
      // A line signed with another key (someone who rewrote the chain and signs their own checkpoint).
      const otherFile = path.join(dir, 'other.jsonl');
      await appendCheckpoint(t.database.db, otherFile, signingKey(otherFile, undefined), new Date());
      fs.writeFileSync(copy, [...lines, fs.readFileSync(otherFile, 'utf8').trim()].join('\n') + '\n');
      expect(await checkCopy()).toMatchObject({ ok: false, line: 4, reason: expect.stringContaining('another key') });
      fs.writeFileSync(copy, [lines[0], '{"v":1,"seq":', lines[2]].join('\n') + '\n');
      expect(await checkCopy()).toMatchObject({ ok: false, line: 2 });
      fs.writeFileSync(copy, lines.join('\n') + '\n');
      expect(await checkCopy()).toMatchObject({ ok: true });
    });
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
