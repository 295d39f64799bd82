import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { databaseDigests, dataRowCounts, restoreBackup, writeBackup } from '../../src/server/platform/backup';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { createTestDatabase, ENGINE } from '../support/db';
import { plantedIncident } from '../support/incidents';

describe(`backup and restore (${ENGINE})`, () => {
  let t: TestContext;
  let officer: Session;
  let unitId: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-backup-'));
  const file = path.join(dir, 'backup.binhan.gz');
  const report = (title: string) => ({
    kind: 'crime_report',
    occurredAt: '2026-03-09T20:30:00+07:00',
    receivedAt: '2026-03-10T09:15:00+07:00',
    areaCode: '00070',
    unitId,
    title,
    narrative: 'Người báo: mất xe máy trước cửa nhà.',
    reportSource: 'to_giac',
    reporterName: 'Nguyễn Thị Hoa',
    reporterContact: '0912345678',
  });

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    const admin = await t.login('admin');
    officer = await t.login('canbo');
    unitId = (await t.database.db.selectFrom('unit').select('id').where('code', '=', 'CA-00070').executeTakeFirstOrThrow()).id;
    const users = (await t.as(admin, 'GET', '/api/users?limit=200')).json().items as { id: string }[];
    await t.as(admin, 'PATCH', `/api/users/${users[0]!.id}`, { fullName: 'Tên có dấu: Nguyễn Thị Ánh Tuyết' });
    // The ordinary workflow that broke restores: criminal cases opened from crime reports (case → report reference).
    for (let i = 0; i < 6; i++) {
      const r = await t.as(officer, 'POST', '/api/incidents', report(`Mất trộm xe máy ${i}`));
      expect(r.statusCode, r.body).toBe(200);
      const opened = await t.as(officer, 'POST', `/api/incidents/${r.json().id}/clock`, { type: 'open_case', article: '173', clause: 1 });
      expect(opened.statusCode, opened.body).toBe(200);
    }
    // And one pair whose ids put the case before its report, and a child before its parent, whatever the order of
    // the random ids above: restored in id order without deferred checks, this fails on incident_report_id_fkey.
    const db = t.database.db;
    const rep = plantedIncident({ refNo: 'TB-2026-999999', areaCode: '00070', areaValidFrom: '2025-07-01', unitId, day: '2026-03-01', kind: 'crime_report', title: 'Báo cáo sau' });
    const kase = plantedIncident({ refNo: 'VA-2026-999999', areaCode: '00070', areaValidFrom: '2025-07-01', unitId, day: '2026-03-02', kind: 'criminal_case', title: 'Vụ án trước' });
    await db.insertInto('incident').values({ ...rep, id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' } as never).execute();
    await db.insertInto('incident').values({ ...kase, id: '00000000-0000-4000-8000-000000000001', reportId: 'ffffffff-ffff-4fff-bfff-ffffffffffff', parentId: 'ffffffff-ffff-4fff-bfff-ffffffffffff' } as never).execute();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should restore into an empty database the same data, table by table, with the same audit head', async () => {
    const written = await writeBackup(t.database.db, t.database.engine, file);
    expect(written.counts.app_user).toBe((await dataRowCounts(t.database.db)).app_user);
    expect(written.counts.app_user).toBeGreaterThanOrEqual(8);
    expect(written.counts.incident).toBe(14);
    expect(written.counts.session).toBeUndefined(); // sessions are never backed up
    const target = await createTestDatabase();
    try {
      const restored = await restoreBackup(target.database.db, file);
      expect(restored.incident).toBe(14);
      // Every table equal: same rows, same text form of every value (microseconds, numerics, jsonb).
      expect(await databaseDigests(target.database.db)).toEqual(await databaseDigests(t.database.db));
      expect(await dataRowCounts(target.database.db)).toEqual(await dataRowCounts(t.database.db));
      const v = await verifyAuditChain(target.database.db);
      const a = await verifyAuditChain(t.database.db);
      expect(v.ok && a.ok && v.headHash === a.headHash).toBe(true);
      const cases = await sql<{ n: number }>`select count(*)::int as n from incident c join incident r on r.id = c.report_id`.execute(target.database.db);
      expect(cases.rows[0]!.n).toBe(7);
      // The restored statistics aggregates are rebuilt by the triggers: they check against the raw incidents.
      const s1 = await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from stat_day_kind`.execute(target.database.db);
      expect(s1.rows[0]!.n).toBe(14);
    } finally {
      await target.drop();
    }
  }, 240_000);

  it('should take a backup from one snapshot while others write, and restore it with the audit head it recorded', async () => {
    let writing = true;
    let acknowledged = 0;
    const burst = (async () => {
      while (writing) {
        const r = await t.as(officer, 'POST', '/api/incidents', report('Ghi trong lúc sao lưu'));
        expect(r.statusCode, r.body).toBe(200);
        acknowledged++;
      }
    })();
    // Let the burst start, then back up while it runs (on PGlite the writes queue behind the backup's transaction).
    while (acknowledged < 3) await new Promise((r) => setImmediate(r));
    const during = path.join(dir, 'during.gz');
    const written = await writeBackup(t.database.db, t.database.engine, during);
    writing = false;
    await burst;
    const target = await createTestDatabase();
    try {
      await restoreBackup(target.database.db, during); // checks every table against the digests of the snapshot
      const v = await verifyAuditChain(target.database.db);
      expect(v.ok).toBe(true);
      if (v.ok) expect({ seq: v.entries, hash: v.headHash }).toEqual(written.auditHead);
      const n = await target.database.db.selectFrom('incident').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(written.counts.incident);
      expect(written.counts.incident).toBeGreaterThanOrEqual(15);
    } finally {
      await target.drop();
    }
  }, 240_000);

  it('should refuse a non-empty database', async () => {
    await expect(restoreBackup(t.database.db, file)).rejects.toThrow(/not empty/);
  });

  it('should refuse a truncated, a damaged or an altered file and leave the target empty', async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const cut = path.join(dir, 'cut.gz');
    fs.writeFileSync(cut, zlib.gzipSync(whole.slice(0, Math.floor(whole.length * 0.8)).join('\n')));
    const damaged = path.join(dir, 'damaged.gz');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    // A value changed in the file (a report's title): the digests of the snapshot no longer match.
    const altered = path.join(dir, 'altered.gz');
    const i = whole.findIndex((l) => l.includes('Mất trộm xe máy 3'));
    expect(i).toBeGreaterThan(0);
    fs.writeFileSync(altered, zlib.gzipSync(whole.map((l, k) => (k === i ? l.replace('Mất trộm xe máy 3', 'Mất trộm xe máy 4') : l)).join('\n')));
    const target = await createTestDatabase();
    try {
      await expect(restoreBackup(target.database.db, cut)).rejects.toThrow(/truncated|mismatch/);
      await expect(restoreBackup(target.database.db, damaged)).rejects.toThrow(/damaged|corrupt|mismatch|truncated|restore failed/);
      await expect(restoreBackup(target.database.db, altered)).rejects.toThrow(/incident: .*differs from the backup/);
      const counts = await dataRowCounts(target.database.db);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    } finally {
      await target.drop();
    }
  }, 240_000);

  it('should name the table and never print the values when a row does not restore', async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    // A case whose report is not in the file: the deferred check fails at the end, naming the constraint.
    const reportLine = whole.findIndex((l) => l.startsWith('["ffffffff-ffff-4fff-bfff-ffffffffffff"'));
    expect(reportLine).toBeGreaterThan(0);
    const endLine = whole.findIndex((l) => l.startsWith('{"end":"incident"'));
    const dangling = path.join(dir, 'dangling.gz');
    const lines = whole.map((l, k) => (k === endLine ? l.replace(/"rows":(\d+)/, (_, n: string) => `"rows":${Number(n) - 1}`) : l)).filter((_, k) => k !== reportLine);
    fs.writeFileSync(dangling, zlib.gzipSync(lines.join('\n')));
    const target = await createTestDatabase();
    try {
      const err = (await restoreBackup(target.database.db, dangling).catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/foreign key|khóa ngoại/);
      expect(err.message).not.toContain('0912345678'); // no personal data from the statement's parameters
      expect(err.message.length).toBeLessThan(800);
    } finally {
      await target.drop();
    }
  }, 240_000);

  it('should refuse a file that is not a backup', async () => {
    const bogus = path.join(dir, 'bogus.gz');
    fs.writeFileSync(bogus, zlib.gzipSync('{"hello":1}\n'));
    const target = await createTestDatabase();
    try {
      await expect(restoreBackup(target.database.db, bogus)).rejects.toThrow(/not a Bình An backup/);
    } finally {
      await target.drop();
    }
  });

  it('should declare every foreign key deferrable, so a restore checks references at its end', async () => {
    const r = await sql<{ name: string }>`
      select c.conrelid::regclass::text || '.' || c.conname as name from pg_constraint c
      join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public' and not c.condeferrable`.execute(t.database.db);
    expect(r.rows.map((x) => x.name)).toEqual([]);
  });
});
