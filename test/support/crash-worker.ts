/**
 * Crash-test worker (test/platform/crash.test.ts): a real process that opens the database the way `binhan serve`
 * does (folder lock, migrations, recovery of interrupted imports, statistics windows moved to its day), checks what
 * the previous, killed worker left, then runs one write path in a loop until it is killed with SIGKILL.
 *
 * Every write the worker saw committed is appended to the acknowledgement file (`ACK <kind> <id>` after the call
 * returned), so the next worker can require every acknowledged write to be present. Lines: `CHECKED <json>`, `READY`, `WROTE`
 * (the first write done), `FAIL <reason>` (then exit 1).
 *
 * The checks after each restart are incremental where the whole would repeat the same work: the audit chain is
 * recomputed from the (seq, hash) the previous checker verified (kept in `<ackFile dir>/audit-verified.json`; the entry
 * there must still hold that hash), and the statistics are compared with the raw incidents when CRASH_STATS=1 (the
 * test asks every few restarts: the aggregates are kept by triggers in the writing transaction, so a difference
 * would persist until checked). CRASH_FULL=1 (the last restart) recomputes the whole chain from the genesis and
 * checks the statistics.
 *
 * argv: <ackFile> <op> <day YYYY-MM-DD> <workDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { formatCsv } from '../../src/domain/csv';
import { createServices } from '../../src/server/app';
import { systemActor } from '../../src/server/platform/actor';
import { GENESIS_HASH, verifyAuditChain, verifyChainSegment } from '../../src/server/platform/audit';
import { restoreBackup, writeBackup } from '../../src/server/platform/backup';
import { FixedClock } from '../../src/server/platform/clock';
import { loadConfig } from '../../src/server/platform/config';
import { openDatabase, openFromConfig } from '../../src/server/platform/db/database';
import { migrateToLatest } from '../../src/server/platform/db/migrator';
import { seedDemoPlatform } from '../../src/server/seed/demo-platform';

const [ackFile, op, day, workDir] = process.argv.slice(2) as [string, string, string, string];
const fail = (reason: string): never => {
  console.log(`FAIL ${reason}`);
  process.exit(1);
};
const ack = (kind: string, id: string) => fs.appendFileSync(ackFile, `${kind} ${id}\n`);

const full = process.env.CRASH_FULL === '1';
const mark = (label: string) => {
  if (!process.env.CRASH_DEBUG) return;
  const cpu = process.cpuUsage();
  console.log(`T ${label} ${Math.round(performance.now())} ms, cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms`);
};
mark('loaded');

/**
 * An empty migrated embedded database in `dir` (restore target, backup probe): a copy of a template made once per
 * run, so each restore does not pay for initdb and every migration (the restore itself runs in full).
 */
async function emptyMigrated(dir: string) {
  const template = path.join(workDir, 'template');
  if (!fs.existsSync(template)) {
    const making = path.join(workDir, 'template.part');
    fs.rmSync(making, { recursive: true, force: true });
    const t = await openDatabase({ engine: 'pglite', dataDir: making });
    await migrateToLatest(t.db);
    await t.close();
    fs.renameSync(making, template);
  }
  // Copied aside, then renamed: a kill during the copy leaves no half folder under the target's name.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}.part`, { recursive: true, force: true });
  fs.cpSync(template, `${dir}.part`, { recursive: true });
  fs.renameSync(`${dir}.part`, dir);
  return openDatabase({ engine: 'pglite', dataDir: dir });
}

const config = loadConfig();
const database = await openFromConfig(config).catch((e: unknown) => fail(`open: ${(e as Error).message}`));
const db = database.db;
const clock = new FixedClock(new Date(`${day}T03:00:00Z`));
const services = createServices({ database, config, clock });
const actor = systemActor('crash-test');
await migrateToLatest(db);
mark('open+migrate');
await services.areas.ensureReferenceData(actor);
await seedDemoPlatform(db, services, actor, clock);
mark('reference+seed');
await services.imports.recoverInterrupted({ all: database.engine === 'pglite' });
await services.stats.prepareWindows();
mark('recovery+windows');

// ── What the killed worker left ──
const acked = fs.existsSync(ackFile)
  ? fs
      .readFileSync(ackFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string])
  : [];
const missing: string[] = [];
const present = async (table: string, ids: string[]) => {
  if (ids.length === 0) return;
  const r = await sql<{
    id: string;
  }>`select id::text as id from ${sql.table(table)} where id::text in (${sql.join(ids)})`.execute(db);
  const got = new Set(r.rows.map((x) => x.id));
  for (const id of ids) if (!got.has(id)) missing.push(`${table}:${id}`);
};
const byKind = (k: string) => acked.filter(([kind]) => kind === k).map(([, id]) => id);
await present('incident', byKind('incident'));
await present('event_log', byKind('event_log'));
await present('plan_progress', byKind('plan_progress'));
await present('import_batch', byKind('import_done'));
if (missing.length) fail(`acknowledged writes missing: ${missing.slice(0, 5).join(', ')} (${missing.length})`);
// An import acknowledged as done has every row; an all-or-nothing batch never has a part; a valid-rows batch whole chunks.
const batches = await sql<{ id: string; mode: string; status: string; imported: number; n: number }>`
  select b.id::text as id, b.mode, b.status, b.imported, (select count(*)::int from incident i where i.import_batch_id = b.id) as n
  from import_batch b`.execute(db);
for (const b of batches.rows) {
  if (b.n !== b.imported) fail(`batch ${b.id} (${b.mode}, ${b.status}) counts ${b.imported} rows, holds ${b.n}`);
  if (b.mode === 'all_or_nothing' && b.n !== 0 && b.status !== 'done')
    fail(`all-or-nothing batch ${b.id} ${b.status} holds ${b.n} rows`);
  // The embedded database has one process, so recovery closes every running batch; on PostgreSQL another process may
  // still be running it, so only batches silent for a minute are closed (a just-killed one is closed later).
  if (b.status === 'running' && database.engine === 'pglite') fail(`batch ${b.id} still running after recovery`);
}
// No half record: every incident has its first version; every audit entry verifies.
const orphans = await sql<{
  n: number;
}>`select count(*)::int as n from incident i where not exists (select 1 from incident_version v where v.incident_id = i.id)`.execute(
  db,
);
if (orphans.rows[0]!.n) fail(`${orphans.rows[0]!.n} incidents without a version`);
mark('acks');
// The audit chain: from the last verified (seq, hash), whose entry must still hold that hash; in full at the end.
const verifiedFile = path.join(path.dirname(ackFile), 'audit-verified.json');
const from =
  !full && fs.existsSync(verifiedFile)
    ? (JSON.parse(fs.readFileSync(verifiedFile, 'utf8')) as { seq: number; hash: string })
    : { seq: 0, hash: GENESIS_HASH };
if (from.seq > 0) {
  const kept = await db.selectFrom('auditLog').select('hash').where('seq', '=', from.seq).executeTakeFirst();
  if (kept?.hash !== from.hash)
    fail(`audit entry #${from.seq}, verified before the kill, is ${kept ? 'changed' : 'gone'}`);
}
const segment = await verifyChainSegment(db, from, null);
if (!segment.ok) fail(`audit chain broken at #${segment.seq}: ${segment.reason}`);
const { lastSeq, lastHash } = segment as { lastSeq: number; lastHash: string };
const head = await db.selectFrom('auditChainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
if (head?.seq !== lastSeq || head.hash !== lastHash)
  fail(`audit chain head (seq ${head?.seq}) does not match the last entry (${lastSeq})`);
if (full) {
  const chain = await verifyAuditChain(db);
  if (!chain.ok) fail(`audit chain broken at #${chain.brokenSeq}: ${chain.reason}`);
}
fs.writeFileSync(`${verifiedFile}.part`, JSON.stringify({ seq: lastSeq, hash: lastHash }));
fs.renameSync(`${verifiedFile}.part`, verifiedFile);
mark('audit');
// The statistics (aggregates and windows) equal the raw incidents.
if (full || process.env.CRASH_STATS === '1') {
  const check = await services.stats.check(actor);
  mark('stats check');
  if (!check.ok)
    fail(
      `statistics differ: ${check.tables
        .filter((t) => t.differences > 0)
        .map((t) => t.table)
        .join(', ')}`,
    );
}
// A backup under its final name is complete (the writer renames only a finished file).
const bk = path.join(workDir, 'backup.gz');
if (fs.existsSync(bk)) {
  const probeDir = path.join(workDir, 'backup-probe');
  const probe = await emptyMigrated(probeDir);
  try {
    await restoreBackup(probe.db, bk).catch((e: unknown) =>
      fail(`backup under its final name does not restore: ${(e as Error).message}`),
    );
  } finally {
    await probe.close();
  }
  fs.rmSync(probeDir, { recursive: true, force: true });
  fs.rmSync(bk);
  mark('backup probe');
}
// A restore killed midway leaves its target empty (one transaction) or whole.
const rt = path.join(workDir, 'restore-target');
if (fs.existsSync(rt) && database.engine === 'pglite') {
  const target = await openDatabase({ engine: 'pglite', dataDir: rt });
  try {
    const n = await sql<{ n: number }>`select count(*)::int as n from app_user`
      .execute(target.db)
      .catch(() => ({ rows: [{ n: -1 }] }));
    const ok = await verifyAuditChain(target.db).catch(() => ({ ok: false as const }));
    if (n.rows[0]!.n > 0 && !ok.ok) fail('a killed restore left a partial database');
  } finally {
    await target.close();
  }
  fs.rmSync(rt, { recursive: true, force: true });
  mark('restore target');
}
const incidents = await sql<{ n: number }>`select count(*)::int as n from incident`.execute(db);
console.log(
  `CHECKED ${JSON.stringify({ acked: acked.length, incidents: incidents.rows[0]!.n, audit: lastSeq, verifiedFrom: from.seq })}`,
);

// ── One write path, until killed ──
const unit = await db.selectFrom('unit').select(['id']).where('code', '=', 'CA-00070').executeTakeFirstOrThrow();
const report = (title: string) =>
  ({
    kind: 'crime_report',
    occurredAt: `${day}T08:30:00+07:00`,
    receivedAt: `${day}T09:15:00+07:00`,
    areaCode: '00070',
    unitId: unit.id,
    title,
    narrative: 'Thử sập nguồn / crash test',
    reportSource: 'to_giac',
    reporterName: 'Nguyễn Thị Hoa',
    reporterContact: '0912345678',
  }) as never;
console.log('READY');
let n = 0;
for (;;) {
  n++;
  if (op === 'incident') {
    const r = await services.incidents.create(actor, report(`Sập nguồn ${n}`));
    ack('incident', r.id);
    if (n % 3 === 0) {
      const opened = await services.incidents.clockStep(actor, r.id, { type: 'open_case', article: '173', clause: 1 });
      for (const id of (opened as { caseIds?: string[] }).caseIds ?? []) ack('incident', id);
    }
  } else if (op === 'import_valid' || op === 'import_aon') {
    const rows = [['Mã', 'Ngày', 'Mã địa bàn', 'Nội dung']];
    const tag = `${process.pid}-${n}`;
    // Three chunks (500, 500, 100): a valid-rows import can be killed between its chunk transactions.
    for (let i = 1; i <= 1100; i++)
      rows.push([
        `K${tag}-${i}`,
        `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} 0${i % 9}:15`,
        '00070',
        `Vụ nhập ${i}`,
      ]);
    const file = path.join(workDir, `import-${tag}.csv`);
    fs.writeFileSync(file, formatCsv(rows));
    const upload = await services.imports.uploadLocalFile(actor, file);
    const mapping = {
      source: `crash-${op}`,
      externalIdColumn: 'Mã',
      fields: [
        { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
        { column: 'Mã địa bàn', field: 'areaCode' },
        { column: 'Nội dung', field: 'title' },
      ],
    };
    const started = await services.imports.start(actor, {
      uploadId: upload.uploadId,
      mapping,
      mode: op === 'import_valid' ? 'valid_rows' : 'all_or_nothing',
      defaults: { unitId: unit.id },
    } as never);
    await started.done;
    const b = await services.imports.get(actor, started.batchId);
    if (b.status !== 'done') fail(`import ended ${b.status}: ${b.error ?? ''}`);
    ack('import_done', started.batchId);
  } else if (op === 'event_log') {
    const ev = await db
      .selectFrom('event')
      .select('id')
      .where('status', 'in', ['approved', 'active'])
      .limit(1)
      .executeTakeFirst();
    let id = ev?.id;
    if (!id) {
      const created = await services.events.create(actor, {
        name: 'Sự kiện thử sập nguồn',
        type: 'political_meeting',
        level: 'ordinary',
        startsAt: `${day}T07:00:00+07:00`,
        endsAt: `${day}T20:00:00+07:00`,
        venueName: 'Nhà hát Lớn',
        point: null,
        areaCode: '00070',
        leadUnitId: unit.id,
      } as never);
      for (const status of ['planned', 'approved'])
        await services.events.changeStatus(actor, created.id, { status } as never);
      id = created.id;
    }
    const after = await services.events.addLog(actor, id, {
      text: `Diễn biến ${n}`,
      place: 'Cổng chính',
      point: null,
      at: `${day}T10:00:00+07:00`,
    });
    const last = (after as { log: { id: string }[] }).log.at(-1) ?? (after as { log: { id: string }[] }).log[0];
    if (last) ack('event_log', last.id);
  } else if (op === 'plan_report') {
    let taskId = (await db.selectFrom('planTask').select('id').limit(1).executeTakeFirst())?.id;
    if (!taskId) {
      const plan = await services.plans.createPlan(actor, {
        year: Number(day.slice(0, 4)),
        title: 'Kế hoạch thử',
        unitId: unit.id,
      } as never);
      const tree = await services.plans.createGroup(actor, plan.id, { title: 'Nhóm thử' } as never);
      const group = (tree as { groups: { id: string }[] }).groups[0]!;
      taskId = (
        await services.plans.createTask(actor, group.id, { title: 'Nhiệm vụ thử', leadUnitId: unit.id } as never)
      ).task.id;
    }
    await services.plans.reportProgress(actor, taskId, {
      reportedOn: day,
      percent: n % 100,
      note: `Báo cáo ${n}`,
      attachment: null,
    } as never);
    const last = await db
      .selectFrom('planProgress')
      .select('id')
      .where('taskId', '=', taskId)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    ack('plan_progress', last.id);
  } else if (op === 'backup') {
    await writeBackup(db, database.engine, path.join(workDir, 'backup.gz'));
  } else if (op === 'restore') {
    const src = path.join(workDir, 'restore-source.gz');
    if (!fs.existsSync(src)) await writeBackup(db, database.engine, src);
    const target = await emptyMigrated(path.join(workDir, 'restore-target'));
    await restoreBackup(target.db, src);
    await target.close();
  } else if (op === 'window_move') {
    // Each round moves the windows to another day (the day the worker was given); a write keeps them busy between.
    const r = await services.incidents.create(actor, report(`Cửa sổ ${n}`));
    ack('incident', r.id);
    await services.stats.prepareWindows();
  } else fail(`unknown op ${op}`);
  if (n === 1) console.log('WROTE');
}
