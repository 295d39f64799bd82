import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { Db, Engine } from './db/database';
import { MIGRATIONS } from './db/migrator';

/**
 * Logical backup: one gzip file of JSON lines — a header, then per table its columns and rows —
 * engine-neutral, so a backup of the embedded database restores into PostgreSQL and back.
 * Sessions are not backed up (a restored database starts with everyone signed out).
 */
export const BACKUP_FORMAT = 'binhan-backup';
const EXCLUDED = new Set(['session', 'schema_migration', 'schema_migration_lock']);
/**
 * Derived tables (statistics aggregates, window tables and their state): not backed up; the incident triggers
 * rebuild the aggregates on restore, and the windows are kept or moved from them as on any database.
 */
const DERIVED = /^stat_(day|month|win)_|^stat_window$/;
/** Tables a migration fills (chain head, default targets): replaced by the backup's rows, not counted as data. */
const MIGRATION_SEEDED = new Set(['audit_chain_head', 'stat_target']);
/** Row order for tables that reference themselves: parents before children. */
const ROW_ORDER: Record<string, string> = { unit: 'length(path), path' };
const BATCH = 500;

type Column = { name: string; udt: string };
type TableInfo = { name: string; columns: Column[]; orderBy: string };

/** Tables in foreign-key order (referenced before referencing). */
export async function backupTables(db: Db): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const fks = await sql<{ child: string; parent: string }>`
    select cl.relname as child, pr.relname as parent
    from pg_constraint c join pg_class cl on cl.oid = c.conrelid join pg_class pr on pr.oid = c.confrelid
    join pg_namespace n on n.oid = cl.relnamespace
    where c.contype = 'f' and n.nspname = 'public'`.execute(db);
  const names = tables.rows.map((t) => t.name).filter((n) => !EXCLUDED.has(n) && !DERIVED.test(n));
  const deps = new Map(names.map((n) => [n, new Set<string>()]));
  for (const fk of fks.rows) if (fk.child !== fk.parent) deps.get(fk.child)?.add(fk.parent);
  const ordered: string[] = [];
  const visit = (n: string, stack: Set<string>) => {
    if (ordered.includes(n) || stack.has(n)) return;
    stack.add(n);
    for (const p of deps.get(n) ?? []) visit(p, stack);
    ordered.push(n);
  };
  for (const n of names) visit(n, new Set());
  const out: TableInfo[] = [];
  for (const name of ordered) {
    const cols = await sql<{ name: string; udt: string }>`
      select column_name as name, udt_name as udt from information_schema.columns
      where table_schema = 'public' and table_name = ${name} and is_generated = 'NEVER'
      order by ordinal_position`.execute(db);
    const pk = await sql<{ name: string }>`
      select a.attname as name from pg_index i
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where i.indisprimary and n.nspname = 'public' and c.relname = ${name}`.execute(db);
    const orderBy = ROW_ORDER[name] ?? (pk.rows.map((r) => `"${r.name}"`).join(', ') || '1');
    out.push({ name, columns: cols.rows, orderBy });
  }
  return out;
}

function encode(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/** Writes the whole database to one gzip file; returns rows per table. */
export async function writeBackup(db: Db, engine: Engine, file: string): Promise<Record<string, number>> {
  const tables = await backupTables(db);
  const counts: Record<string, number> = {};
  async function* lines() {
    yield JSON.stringify({ format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), engine, migrations: Object.keys(MIGRATIONS) }) + '\n';
    for (const t of tables) {
      yield JSON.stringify({ table: t.name, columns: t.columns }) + '\n';
      let offset = 0;
      for (;;) {
        const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
        const page = await sql.raw<Record<string, unknown>>(
          `select ${cols} from "${t.name}" order by ${t.orderBy} limit ${BATCH * 4} offset ${offset}`,
        ).execute(db);
        for (const row of page.rows) yield JSON.stringify(t.columns.map((c) => encode(row[camel(c.name)] ?? row[c.name] ?? null))) + '\n';
        offset += page.rows.length;
        if (page.rows.length < BATCH * 4) break;
      }
      counts[t.name] = offset;
      yield JSON.stringify({ end: t.name, rows: offset }) + '\n';
    }
    yield JSON.stringify({ complete: true }) + '\n';
  }
  const tmp = `${file}.partial`;
  await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(tmp));
  fs.renameSync(tmp, file);
  return counts;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export class RestoreError extends Error {}

/** Rows in data tables; a database is empty for restore when this is all zero. */
export async function dataRowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await backupTables(db)) {
    if (MIGRATION_SEEDED.has(t.name)) continue;
    const r = await sql.raw<{ n: number }>(`select count(*)::int as n from "${t.name}"`).execute(db);
    out[t.name] = r.rows[0]?.n ?? 0;
  }
  return out;
}

/**
 * Restores a backup into an empty, migrated database, in one transaction: a bad file leaves the
 * database as it was.
 */
export async function restoreBackup(db: Db, file: string): Promise<Record<string, number>> {
  const counts = await dataRowCounts(db);
  const nonEmpty = Object.entries(counts).filter(([, n]) => n > 0);
  if (nonEmpty.length > 0)
    throw new RestoreError(
      `Cơ sở dữ liệu đích không rỗng / target database is not empty (${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(', ')})`,
    );
  const known = new Map((await backupTables(db)).map((t) => [t.name, t]));
  const restored: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    let header = false;
    let complete = false;
    let current: { name: string; columns: Column[] } | null = null;
    let batch: unknown[][] = [];
    const cleared = new Set<string>();
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const t = current;
      const cols = t.columns.map((c) => sql.id(c.name));
      const values = batch.map((row) => sql`(${sql.join(row.map((v, i) => castValue(v, t.columns[i]!.udt)))})`);
      if (MIGRATION_SEEDED.has(t.name) && !cleared.has(t.name)) {
        await sql`delete from ${sql.id(t.name)}`.execute(trx);
        cleared.add(t.name);
      }
      await sql`insert into ${sql.id(t.name)} (${sql.join(cols)}) values ${sql.join(values)}`.execute(trx);
      restored[t.name] = (restored[t.name] ?? 0) + batch.length;
      batch = [];
    };
    let lineNo = 0;
    // The reader is created here, with no await before the loop: readline starts reading at once, and
    // lines (or the end) emitted before the iterator exists would be lost.
    const input = fs.createReadStream(file).pipe(zlib.createGunzip());
    const rl = readline.createInterface({ input, crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new RestoreError(`Tệp sao lưu hỏng ở dòng ${lineNo} / backup corrupt at line ${lineNo}`);
      }
      if (!header) {
        const h = parsed as { format?: string; migrations?: string[] };
        if (h.format !== BACKUP_FORMAT) throw new RestoreError('Không phải tệp sao lưu Bình An / not a Bình An backup');
        const mine = Object.keys(MIGRATIONS);
        const theirs = h.migrations ?? [];
        if (theirs.some((m, i) => mine[i] !== m))
          throw new RestoreError('Bản sao lưu từ phiên bản lược đồ khác / backup is from an incompatible schema version');
        header = true;
        continue;
      }
      if (Array.isArray(parsed)) {
        if (!current) throw new RestoreError(`Dòng ${lineNo}: dữ liệu ngoài bảng / row outside a table`);
        batch.push(parsed);
        if (batch.length >= BATCH) await flush();
        continue;
      }
      const rec = parsed as { table?: string; columns?: Column[]; end?: string; rows?: number; complete?: boolean };
      if (rec.table) {
        const t = known.get(rec.table);
        if (!t) throw new RestoreError(`Bảng không có trong lược đồ / unknown table ${rec.table}`);
        current = { name: rec.table, columns: rec.columns ?? [] };
      } else if (rec.end) {
        await flush();
        if ((restored[rec.end] ?? 0) !== rec.rows)
          throw new RestoreError(`Bảng ${rec.end}: số dòng không khớp / row count mismatch`);
        current = null;
      } else if (rec.complete) {
        complete = true;
      }
    }
    if (!complete) throw new RestoreError('Tệp sao lưu bị cắt cụt / backup file is truncated');
  });
  return restored;
}

function castValue(v: unknown, udt: string) {
  if (v === null) return sql`null`;
  if (udt === 'jsonb' || udt === 'json') return sql`${JSON.stringify(v)}::jsonb`;
  if (udt.startsWith('_')) return sql`${v}::${sql.raw(`${udt.slice(1)}[]`)}`;
  return sql`${v}::${sql.raw(udt)}`;
}
