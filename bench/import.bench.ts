/**
 * Incident import throughput: N realistic crime reports (default 100,000) in a UTF-8 CSV, imported through
 * ImportService end to end in 'valid_rows' mode (upload → reader → mapping → validation → chunks of 500 with
 * derived fields, reference numbers, version rows and the statistics triggers), against a baseline measured in
 * the same run on the same rows: a raw COPY into `incident` of the same rows already prepared (every derived
 * column precomputed by `buildIncidentRow`, ids generated).
 *
 *   npx tsx bench/import.bench.ts [N] [--pglite]        (N = 1000000 for the million: `… 1000000`)
 *
 * Target (issue: incident import): import throughput ≥ 0.3× raw COPY of the same rows in the same run, on
 * PostgreSQL and on PGlite. PostgreSQL comes from TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * and must run on this machine (server-side `COPY … FROM '<file>'` reads the file as the server's user);
 * --pglite opens an in-memory PGlite and loads through `COPY … FROM '/dev/blob'`.
 *
 * Fairness: both load into the same state (empty incident table with all its indexes, migrated schema, reference
 * areas and demo units); the statistics triggers stay on for both (statement triggers with transition tables fire
 * on COPY as on INSERT). COPY writes incident rows only; the product also writes the first version of each row,
 * the batch's progress and its audit entry — that is part of what is measured. After both loads the incident rows
 * (all derived columns) and the statistics tables are compared by checksum: they must be identical.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CamelCasePlugin, Kysely, sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TCreateIncident } from '../src/contracts/incidents';
import type { TColumnMapping } from '../src/contracts/imports';
import { hcmDateOf } from '../src/domain/calendar/dates';
import { createServices } from '../src/server/app';
import { buildIncidentRow } from '../src/server/modules/incidents/incidents.service';
import { systemActor } from '../src/server/platform/actor';
import { systemClock } from '../src/server/platform/clock';
import { loadConfig } from '../src/server/platform/config';
import { openDatabase, type Database } from '../src/server/platform/db/database';
import { migrateToLatest } from '../src/server/platform/db/migrator';
import { PGliteDialect } from '../src/server/platform/db/pglite-dialect';
import type { DB } from '../src/server/platform/db/schema.generated';
import { seedDemoUnits } from '../src/server/seed/demo-units';
import { createPgDatabase } from '../test/support/db';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const PGLITE = process.argv.includes('--pglite');
const TARGET = 0.3;

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => (ms / 1000).toFixed(1);
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

/** Peak RSS of this process while `fn` runs (sampled every 100 ms). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

/** An in-memory PGlite opened as `openDatabase` does, keeping the instance for COPY … FROM '/dev/blob'. */
async function openPglite(): Promise<{ database: Database; pglite: PGlite }> {
  const pglite = await PGlite.create(undefined, {
    parsers: { 20: Number, 1700: Number, 1082: (v: string) => v },
    extensions: { pg_trgm },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
  return { pglite, database: { db, engine: 'pglite', location: '(in memory)', close: () => db.destroy() } };
}

// ---- the source file: Vietnamese crime reports (article 173 clause 1, theft) in Hanoi's 126 communes

const TITLES = [
  'Trộm cắp xe máy Honda Wave',
  'Trộm cắp điện thoại di động',
  'Mất trộm ví tiền tại chợ',
  'Trộm cắp tài sản trong nhà dân',
  'Trộm cắp xe đạp điện',
  'Móc túi trên xe buýt',
  'Trộm cắp dây điện, thiết bị công trình',
  'Trộm cắp tài sản tại cửa hàng tiện lợi',
];
const STREETS = ['phố Hàng Bạc', 'phố Huế', 'đường Láng', 'phố Kim Mã', 'đường Giải Phóng', 'phố Đội Cấn', 'đường Nguyễn Trãi', 'phố Tôn Đức Thắng', 'đường Lạc Long Quân', 'phố Bạch Mai'];
const SOURCES = ['Tố giác', 'Tin báo', 'Kiến nghị khởi tố'] as const;
const SOURCE_VALUE = { 'Tố giác': 'to_giac', 'Tin báo': 'tin_bao', 'Kiến nghị khởi tố': 'kien_nghi_khoi_to' } as const;
const HEADER = ['Mã hồ sơ', 'Ngày xảy ra', 'Ngày tiếp nhận', 'Loại tin', 'Mã địa bàn', 'Đơn vị', 'Điều luật', 'Khoản', 'Tiêu đề', 'Địa chỉ', 'Số bị hại', 'Nội dung'];

const MAPPING: TColumnMapping = {
  source: 'bench-import',
  externalIdColumn: 'Mã hồ sơ',
  fields: [
    { column: 'Ngày xảy ra', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
    { column: 'Ngày tiếp nhận', field: 'receivedAt', dateFormat: 'dd/MM/yyyy HH:mm' },
    { column: 'Loại tin', field: 'reportSource', values: SOURCE_VALUE },
    { column: 'Mã địa bàn', field: 'areaCode' },
    { column: 'Đơn vị', field: 'unitCode' },
    { column: 'Điều luật', field: 'article' },
    { column: 'Khoản', field: 'clause' },
    { column: 'Tiêu đề', field: 'title' },
    { column: 'Địa chỉ', field: 'address' },
    { column: 'Số bị hại', field: 'victims' },
    { column: 'Nội dung', field: 'narrative' },
  ],
};

interface Target {
  code: string;
  validFrom: string;
  fullName: string;
  unitId: string;
  unitCode: string;
}

interface SourceRow {
  externalId: string;
  occurredAt: Date; // minute precision
  receivedAt: Date;
  reportSource: (typeof SOURCES)[number];
  target: Target;
  title: string;
  address: string;
  victims: number;
  narrative: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** 'dd/MM/yyyy HH:mm' in Hanoi time (UTC+7, no daylight saving). */
function hanoiText(d: Date) {
  const h = new Date(d.getTime() + 7 * 3600_000);
  return `${pad(h.getUTCDate())}/${pad(h.getUTCMonth() + 1)}/${h.getUTCFullYear()} ${pad(h.getUTCHours())}:${pad(h.getUTCMinutes())}`;
}
const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function* sourceRows(n: number, targets: Target[]): Generator<SourceRow> {
  const start = Date.UTC(2025, 6, 1) - 7 * 3600_000; // 2025-07-01 00:00 in Hanoi
  const minutes = 365 * 1440; // to 2026-06-30 23:59
  let seed = 20261127;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 1; i <= n; i++) {
    const occurredAt = new Date(start + Math.floor(rnd() * minutes) * 60_000);
    const receivedAt = new Date(occurredAt.getTime() + (30 + Math.floor(rnd() * 36 * 60)) * 60_000);
    const target = targets[Math.floor(rnd() * targets.length)]!;
    const title = `${TITLES[i % TITLES.length]} tại ${target.fullName.split(',')[0]}`;
    const address = `Số ${1 + (i % 199)} ngõ ${1 + (i % 87)} ${STREETS[i % STREETS.length]}`;
    yield {
      externalId: `CAHN-TB-${String(i).padStart(8, '0')}`,
      occurredAt,
      receivedAt,
      reportSource: SOURCES[i % 3]!,
      target,
      title,
      address,
      victims: 1 + (i % 3),
      narrative: `Người bị hại trình báo bị mất tài sản ước tính ${fmt(1_500_000 + (i % 40) * 250_000)} đồng, nghi có người lạ xuất hiện trước đó.`,
    };
  }
}

/** Writes the import file (what a user uploads) and returns its size. */
async function writeSourceCsv(file: string, targets: Target[]): Promise<number> {
  const out = fs.createWriteStream(file);
  let buf = HEADER.join(',') + '\r\n';
  for (const r of sourceRows(N, targets)) {
    buf +=
      [r.externalId, hanoiText(r.occurredAt), hanoiText(r.receivedAt), r.reportSource, r.target.code, r.target.unitCode, '173', '1', r.title, r.address, String(r.victims), r.narrative]
        .map(csvCell)
        .join(',') + '\r\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((res, rej) => out.on('finish', () => res()).on('error', rej));
  return fs.statSync(file).size;
}

// ---- the baseline's file: the same rows as the importer would write them, in COPY's CSV

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
function copyCell(v: unknown): string {
  if (v === null || v === undefined) return ''; // unquoted empty = NULL
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return `"${String(v).replace(/"/g, '""')}"`; // quoted, so '' stays an empty string
}

/** Prepares every row like ImportService.writeChunk (reference numbers per prefix and receipt year in file order). */
async function writeCopyCsv(file: string, targets: Target[], clockConfig: { receiptDayCounts: boolean }): Promise<string[]> {
  const out = fs.createWriteStream(file, { mode: 0o644 });
  const next = new Map<string, number>();
  const now = new Date();
  let columns: string[] | null = null;
  let buf = '';
  for (const r of sourceRows(N, targets)) {
    const input = {
      kind: 'crime_report',
      occurredAt: r.occurredAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      areaCode: r.target.code,
      point: null,
      address: r.address,
      unitId: r.target.unitId,
      classification: 'thuong',
      title: r.title,
      narrative: r.narrative,
      reportSource: SOURCE_VALUE[r.reportSource],
      receivedBy: 'investigating_body',
      remoteArea: false,
      article: '173',
      clause: 1,
      suspects: undefined,
      victims: r.victims,
    } as TCreateIncident;
    const year = hcmDateOf(input.receivedAt).slice(0, 4);
    const seq = (next.get(year) ?? 0) + 1;
    next.set(year, seq);
    const built = buildIncidentRow(input, {
      id: randomUUID(),
      refNo: `TB-${year}-${String(seq).padStart(6, '0')}`,
      area: { code: r.target.code, validFrom: r.target.validFrom, fullName: r.target.fullName },
      unitId: r.target.unitId,
      now,
      actorId: null,
      occurredOn: hcmDateOf(input.occurredAt),
      source: MAPPING.source,
      externalId: r.externalId,
      sourceCategory: null,
      clockConfig,
    });
    if ('error' in built) throw new Error(built.error.en);
    columns ??= Object.keys(built.row);
    buf += columns.map((c) => copyCell(built.row[c])).join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((res, rej) => out.on('finish', () => res()).on('error', rej));
  fs.chmodSync(file, 0o644);
  return columns!.map(snake);
}

const STAT_TABLES = ['stat_day_kind', 'stat_month_kind', 'stat_day_unit', 'stat_month_unit', 'stat_day_area', 'stat_month_area', 'stat_month_hour_weekday'];

/** Checksums of the loaded rows (every stored column but id, timestamps of the write, batch) and of the aggregates. */
async function checksum(db: Kysely<DB>) {
  const r = await sql<{ n: number; rows: string; stats: string }>`
    select (select count(*) from incident)::int as n,
      (select md5(string_agg(concat_ws('|', ref_no, kind, status, classification, title, narrative, occurred_at, occurred_on, received_at,
          area_code, area_valid_from, address, unit_id, category, source_category, report_source, received_by, remote_area, article, clause,
          severity, stat_group, victims, clock::text, resolution_due, source, external_id, search_key), E'\n' order by ref_no)) from incident) as rows,
      concat_ws(',', ${sql.join(STAT_TABLES.map((t) => sql`(select md5(string_agg(s::text, E'\n' order by s::text)) from ${sql.table(t)} s)`))}) as stats`.execute(db);
  return r.rows[0]!;
}

async function emptyIncidents(db: Kysely<DB>) {
  // The TRUNCATE trigger empties the statistics tables with it.
  await sql`truncate incident, incident_version, incident_identifier cascade`.execute(db);
  await sql`delete from incident_ref_counter`.execute(db);
}

async function main() {
  let database: Database;
  let pglite: PGlite | null = null;
  let drop: () => Promise<void> = async () => {};
  if (PGLITE) ({ database, pglite } = await openPglite());
  else {
    const created = await createPgDatabase();
    database = await openDatabase({ engine: 'postgres', url: created.url, poolMax: 4 });
    drop = created.drop;
  }
  const db = database.db;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-import-bench-'));
  fs.chmodSync(dir, 0o755); // the PostgreSQL server reads the COPY file as its own user
  const sourceFile = path.join(dir, 'tin-bao-toi-pham.csv');
  const copyFile = path.join(dir, 'incident-copy.csv');
  try {
    await migrateToLatest(db);
    const config = loadConfig({}, { logLevel: 'silent' });
    const services = createServices({ database, config, clock: systemClock });
    const actor = systemActor('bench');
    await services.areas.ensureReferenceData(actor);
    await seedDemoUnits(db, systemClock, actor);
    // The statistics windows on today, as a running server keeps them: rows inside a window also update it.
    await services.stats.prepareWindows();
    const version = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.split(' on ')[0]!;

    // Hanoi's communes from 2025-07-01 and the commune station holding each for the whole year.
    const targets = (
      await sql<Target>`
        select a.code, a.valid_from, a.full_name, u.id as unit_id, u.code as unit_code
        from unit_jurisdiction j join unit u on u.id = j.unit_id join area a on a.code = j.area_code and a.valid_from = j.area_valid_from
        where u.kind = 'commune' and a.province_code = '01' and a.level = 3
          and j.valid_from <= '2025-07-01' and (j.valid_to is null or j.valid_to >= '2026-06-30')
          and a.valid_from <= '2025-07-01' and (a.valid_to is null or a.valid_to >= '2026-06-30')
        order by a.code`.execute(db)
    ).rows;
    if (targets.length === 0) throw new Error('no commune with a unit from 2025-07-01');

    const t0 = performance.now();
    const size = await writeSourceCsv(sourceFile, targets);
    const columns = await writeCopyCsv(copyFile, targets, { receiptDayCounts: config.clockReceiptDayCounts });
    console.log(
      `${version} (${database.engine}); ${fmt(N)} rows, ${targets.length} communes; import file ${mb(size)}, COPY file ${mb(fs.statSync(copyFile).size)} ` +
        `(written in ${secs(performance.now() - t0)} s, not measured)`,
    );

    // ---- baseline: raw COPY of the prepared rows
    const copySql = `copy incident (${columns.join(', ')}) from '${PGLITE ? '/dev/blob' : copyFile}' with (format csv)`;
    if (!PGLITE) await sql`checkpoint`.execute(db);
    const blob = pglite ? new Blob([fs.readFileSync(copyFile)]) : null;
    const copy = await withPeakRss(async () => {
      if (pglite) await pglite.query(copySql, [], { blob: blob! });
      else await sql.raw(copySql).execute(db);
    });
    const copySum = await checksum(db);
    if (copySum.n !== N) throw new Error(`COPY loaded ${copySum.n} rows, expected ${N}`);
    await emptyIncidents(db);

    // ---- the product: upload, mapping, validation, chunked writes (valid rows mode)
    if (!PGLITE) await sql`checkpoint`.execute(db);
    let uploadMs = 0;
    const product = await withPeakRss(async () => {
      const u0 = performance.now();
      const up = await services.imports.uploadLocalFile(actor, sourceFile);
      uploadMs = performance.now() - u0;
      const { batchId, done } = await services.imports.start(actor, { uploadId: up.uploadId, mapping: MAPPING, mode: 'valid_rows', defaults: {} });
      await done;
      return services.imports.get(actor, batchId);
    });
    const batch = product.value;
    if (batch.status !== 'done' || batch.imported !== N)
      throw new Error(`import ${batch.status}: imported ${batch.imported}, reported ${batch.reported}, first errors ${JSON.stringify(batch.errors.slice(0, 3))} ${batch.error ?? ''}`);
    const productSum = await checksum(db);
    const same = productSum.rows === copySum.rows && productSum.stats === copySum.stats;
    const versions = Number((await sql<{ n: number }>`select count(*)::int as n from incident_version`.execute(db)).rows[0]!.n);

    const copyRate = N / (copy.ms / 1000);
    const productRate = N / (product.ms / 1000);
    const ratio = productRate / copyRate;
    console.log('\nmeasurement                                   seconds      rows/s   peak RSS');
    console.log(`baseline: COPY of prepared rows (triggers on) ${secs(copy.ms).padStart(8)} ${fmt(copyRate).padStart(11)} ${mb(copy.peakRss).padStart(10)}`);
    console.log(`product: ImportService, valid_rows           ${secs(product.ms).padStart(8)} ${fmt(productRate).padStart(11)} ${mb(product.peakRss).padStart(10)}`);
    console.log(`  of which upload (copy, sniff, header)      ${secs(uploadMs).padStart(8)}`);
    console.log(`\nratio product / COPY: ${ratio.toFixed(2)}× (target ≥ ${TARGET}×) ${ratio >= TARGET ? '✓' : '✗'}`);
    console.log(`same rows and aggregates after both loads: ${same ? 'yes' : 'NO'} (${fmt(productSum.n)} incidents, ${fmt(versions)} versions)`);
    console.log(`process RSS at the end ${mb(process.memoryUsage().rss)}`);
    if (!same) process.exitCode = 1;
  } finally {
    await database.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
