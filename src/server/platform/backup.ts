import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { verifyAuditChain } from './audit';
import { openDatabase, type Db, type Engine } from './db/database';
import type { DB } from './db/schema.generated';
import { migrateToLatest, MIGRATIONS } from './db/migrator';

/**
 * Logical backup: one gzip file of JSON lines — a header, then per table its columns and rows, then a closing
 * line with a digest of every table — engine-neutral, so a backup of the embedded database restores into
 * PostgreSQL and back. Sessions are not backed up (a restored database starts with everyone signed out).
 *
 * Format 2 (this writer): every value is PostgreSQL's own text form, read under fixed session settings (UTC, ISO
 * dates, shortest exact floats), so nothing is rounded on the way (microseconds, numerics, floats) and the
 * restore casts each value back with its column's type. Format 1 files (JSON-typed values) still restore.
 */
export const BACKUP_FORMAT = 'binhan-backup';
const FORMAT_VERSION = 2;
const EXCLUDED = new Set(['session', 'login_failure', 'schema_migration', 'schema_migration_lock']);
/**
 * Derived tables (statistics aggregates, window tables and their state): not backed up; the incident triggers
 * rebuild the aggregates on restore, and the windows are kept or moved from them as on any database.
 */
const DERIVED = /^stat_(day|month|win)_|^stat_window$/;
/** Tables a migration fills (chain head, default targets): replaced by the backup's rows, not counted as data. */
const MIGRATION_SEEDED = new Set(['audit_chain_head', 'stat_target']);
/** Row order for tables that reference themselves: parents before children (tidy files; restore defers checks). */
const ROW_ORDER: Record<string, string> = { unit: 'length(path), path' };
const BATCH = 500;
const FETCH = 2000;

type Column = { name: string; udt: string };
type TableInfo = { name: string; columns: Column[]; orderBy: string };
/** Rows and an order-independent hash of their text forms: equal digests mean equal tables. */
export type TableDigest = { rows: number; hash: string };
type Q = Kysely<DB>;

/**
 * The session settings under which values are read as text and digests computed: the text form of a timestamp,
 * a date or a float then means the same on both engines and on every server, whatever its defaults.
 */
async function fixTextForms(trx: Q) {
  await sql`set local timezone = 'UTC'`.execute(trx);
  await sql`set local datestyle = 'ISO, YMD'`.execute(trx);
  await sql`set local intervalstyle = 'postgres'`.execute(trx);
  await sql`set local extra_float_digits = 3`.execute(trx);
  await sql`set local bytea_output = 'hex'`.execute(trx);
}

/** Tables in foreign-key order (referenced before referencing). */
export async function backupTables(db: Q): Promise<TableInfo[]> {
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

/**
 * Digest of one table: its row count and the sum of a 60-bit hash of each row's text form (order-independent,
 * constant memory). Read under `fixTextForms`, so two databases with the same rows give the same digest.
 */
async function tableDigest(db: Q, table: string): Promise<TableDigest> {
  const r = await sql.raw<{ rows: number; hash: string }>(
    `select count(*)::int8 as rows, coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::int8), 0)::text as hash from "${table}" t`,
  ).execute(db);
  return { rows: Number(r.rows[0]!.rows), hash: String(r.rows[0]!.hash) };
}

/** Digests of every backed-up table, read in one transaction with the fixed text forms. */
export async function databaseDigests(db: Db): Promise<Record<string, TableDigest>> {
  return db.transaction().execute(async (trx) => {
    await fixTextForms(trx);
    const out: Record<string, TableDigest> = {};
    for (const t of await backupTables(trx)) out[t.name] = await tableDigest(trx, t.name);
    return out;
  });
}

export type BackupSummary = { counts: Record<string, number>; digests: Record<string, TableDigest>; auditHead: { seq: number; hash: string } | null };

/**
 * Writes the whole database to one gzip file, from ONE snapshot (a repeatable-read, read-only transaction), so a
 * backup taken while others write is consistent: every row it holds was committed before the snapshot, and every
 * reference points at a row in the file. Rows are read through a cursor (no OFFSET paging, which skips or repeats
 * rows when the table changes between pages and costs quadratic time). The file is written under a temporary
 * name and renamed when complete.
 */
export async function writeBackup(db: Db, engine: Engine, file: string): Promise<BackupSummary> {
  const tmp = `${file}.partial`;
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      await fixTextForms(trx);
      const tables = await backupTables(trx);
      const counts: Record<string, number> = {};
      const digests: Record<string, TableDigest> = {};
      const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head where id = 1`.execute(trx);
      const auditHead = head.rows[0] ? { seq: Number(head.rows[0].seq), hash: head.rows[0].hash } : null;
      async function* lines() {
        yield JSON.stringify({ format: BACKUP_FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString(), engine, migrations: Object.keys(MIGRATIONS) }) + '\n';
        for (const t of tables) {
          yield JSON.stringify({ table: t.name, columns: t.columns }) + '\n';
          const cols = t.columns.map((c) => `"${c.name}"::text`).join(', ');
          await sql.raw(`declare binhan_backup no scroll cursor for select ${cols} from "${t.name}" order by ${t.orderBy}`).execute(trx);
          let n = 0;
          for (;;) {
            // Each row comes back as an array of text values (rowMode would differ between the drivers): a json array.
            const page = await sql.raw<{ r: (string | null)[] }>(`fetch forward ${FETCH} from binhan_backup`).execute(trx);
            for (const row of page.rows) yield JSON.stringify(t.columns.map((c) => (row as Record<string, unknown>)[camel(c.name)] ?? (row as Record<string, unknown>)[c.name] ?? null)) + '\n';
            n += page.rows.length;
            if (page.rows.length < FETCH) break;
          }
          await sql.raw(`close binhan_backup`).execute(trx);
          counts[t.name] = n;
          digests[t.name] = await tableDigest(trx, t.name);
          if (digests[t.name]!.rows !== n) throw new Error(`backup of ${t.name}: read ${n} rows, digest counts ${digests[t.name]!.rows}`);
          yield JSON.stringify({ end: t.name, rows: n }) + '\n';
        }
        yield JSON.stringify({ complete: true, digests, auditHead }) + '\n';
      }
      await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(tmp));
      fs.renameSync(tmp, file);
      return { counts, digests, auditHead };
    });
  } finally {
    fs.rmSync(tmp, { force: true });
  }
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

/** What a database error says, without the statement's parameters (which hold personal data). */
function reason(err: unknown): string {
  const e = err as { message?: string; detail?: string; constraint?: string; table?: string };
  return [e.message, e.detail].filter(Boolean).join(' — ').slice(0, 500);
}

/**
 * Restores a backup into an empty, migrated database, in one transaction: a bad file leaves the database as it
 * was. Foreign keys are checked at the end (every constraint is deferrable, migration 0012), so the order of rows
 * in the file does not matter (a criminal case before its report, a child before its parent). A format 2 file
 * carries a digest of each table: the restored tables are compared with it before the commit.
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
  let lineNo = 0;
  let currentTable: string | null = null;
  try {
    await db.transaction().execute(async (trx) => {
      await sql`set constraints all deferred`.execute(trx);
      await fixTextForms(trx);
      let version = 0;
      let complete: { digests?: Record<string, TableDigest> } | null = null;
      let current: { name: string; columns: Column[] } | null = null;
      let batch: unknown[][] = [];
      const cleared = new Set<string>();
      const flush = async () => {
        if (!current || batch.length === 0) return;
        const t = current;
        const cols = t.columns.map((c) => sql.id(c.name));
        const values = batch.map((row) => {
          if (row.length !== t.columns.length) throw new RestoreError(`Dòng ${lineNo}: số cột không khớp / column count mismatch in ${t.name}`);
          return sql`(${sql.join(row.map((v, i) => castValue(v, t.columns[i]!.udt, version)))})`;
        });
        if (MIGRATION_SEEDED.has(t.name) && !cleared.has(t.name)) {
          await sql`delete from ${sql.id(t.name)}`.execute(trx);
          cleared.add(t.name);
        }
        await sql`insert into ${sql.id(t.name)} (${sql.join(cols)}) values ${sql.join(values)}`.execute(trx);
        restored[t.name] = (restored[t.name] ?? 0) + batch.length;
        batch = [];
      };
      // The reader is created here, with no await before the loop: readline starts reading at once, and
      // lines (or the end) emitted before the iterator exists would be lost.
      const gunzip = zlib.createGunzip();
      const input = fs.createReadStream(file).pipe(gunzip);
      const rl = readline.createInterface({ input, crlfDelay: Infinity });
      // A damaged gzip stream errors on the gunzip, which readline does not forward: end the lines with it.
      const damaged = new Promise<never>((_, reject) => gunzip.once('error', (e) => reject(new RestoreError(`Tệp sao lưu hỏng (gzip) / backup file damaged (gzip: ${e.message})`))));
      damaged.catch(() => {});
      const next = rl[Symbol.asyncIterator]();
      for (;;) {
        const step = await Promise.race([next.next(), damaged]);
        if (step.done) break;
        const line = step.value;
        lineNo++;
        if (!line.trim()) continue;
        if (complete) throw new RestoreError(`Dòng ${lineNo}: dữ liệu sau dòng kết thúc / data after the closing line`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          throw new RestoreError(`Tệp sao lưu hỏng ở dòng ${lineNo} / backup corrupt at line ${lineNo}`);
        }
        if (!version) {
          const h = parsed as { format?: string; version?: number; migrations?: string[] };
          if (h.format !== BACKUP_FORMAT) throw new RestoreError('Không phải tệp sao lưu Bình An / not a Bình An backup');
          if (h.version !== 1 && h.version !== 2) throw new RestoreError(`Phiên bản tệp sao lưu không hỗ trợ / unsupported backup format version ${String(h.version)}`);
          const mine = Object.keys(MIGRATIONS);
          const theirs = h.migrations ?? [];
          if (theirs.some((m, i) => mine[i] !== m))
            throw new RestoreError('Bản sao lưu từ phiên bản lược đồ khác / backup is from an incompatible schema version');
          version = h.version;
          continue;
        }
        if (Array.isArray(parsed)) {
          if (!current) throw new RestoreError(`Dòng ${lineNo}: dữ liệu ngoài bảng / row outside a table`);
          batch.push(parsed);
          if (batch.length >= BATCH) await flush();
          continue;
        }
        const rec = parsed as { table?: string; columns?: Column[]; end?: string; rows?: number; complete?: boolean; digests?: Record<string, TableDigest> };
        if (rec.table) {
          const t = known.get(rec.table);
          if (!t) throw new RestoreError(`Bảng không có trong lược đồ / unknown table ${rec.table}`);
          const cols = rec.columns ?? [];
          const unknownCol = cols.find((c) => !t.columns.some((k) => k.name === c.name && k.udt === c.udt));
          if (unknownCol) throw new RestoreError(`Bảng ${rec.table}: cột không khớp lược đồ / column ${unknownCol.name} does not match the schema`);
          current = { name: rec.table, columns: cols };
          currentTable = rec.table;
        } else if (rec.end) {
          await flush();
          if ((restored[rec.end] ?? 0) !== rec.rows) throw new RestoreError(`Bảng ${rec.end}: số dòng không khớp / row count mismatch`);
          current = null;
          currentTable = null;
        } else if (rec.complete) {
          complete = rec;
        }
      }
      if (!complete) throw new RestoreError('Tệp sao lưu bị cắt cụt / backup file is truncated');
      // References are checked here, with the table named, rather than by an anonymous failure at commit.
      currentTable = '(khóa ngoại / foreign keys)';
      await sql`set constraints all immediate`.execute(trx);
      currentTable = null;
      if (complete.digests) {
        for (const [table, expected] of Object.entries(complete.digests)) {
          const got = await tableDigest(trx, table);
          if (got.rows !== expected.rows || got.hash !== expected.hash)
            throw new RestoreError(
              `Bảng ${table}: dữ liệu khôi phục khác bản sao lưu / restored data differs from the backup (${got.rows} vs ${expected.rows} rows)`,
            );
        }
      }
    });
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    if (/^Z_/.test(String((err as { code?: unknown }).code ?? '')))
      throw new RestoreError(`Tệp sao lưu hỏng (gzip) / backup file damaged (gzip: ${(err as Error).message})`);
    // Driver errors: say where and why, never the statement's values (personal data, thousands of them).
    throw new RestoreError(
      `Không khôi phục được${currentTable ? ` bảng ${currentTable}` : ''} (dòng ${lineNo}) / restore failed${currentTable ? ` in ${currentTable}` : ''} (line ${lineNo}): ${reason(err)}`,
    );
  }
  return restored;
}

function castValue(v: unknown, udt: string, version: number) {
  if (v === null) return sql`null`;
  const type = udt.startsWith('_') ? `${udt.slice(1)}[]` : udt;
  // Format 2: PostgreSQL's text form of the value, cast back by its column's type.
  if (version >= 2) {
    if (typeof v !== 'string') throw new RestoreError(`Giá trị không phải văn bản / a value is not text (${udt})`);
    return sql`${v}::${sql.raw(type)}`;
  }
  if (udt === 'jsonb' || udt === 'json') return sql`${JSON.stringify(v)}::jsonb`;
  return sql`${v}::${sql.raw(type)}`;
}

/**
 * `binhan backup --verify`: restores the file just written into a scratch in-memory embedded database (whatever
 * the source engine: the format is engine-neutral and needs no rights on the server), which checks every table
 * against the snapshot's digests, then recomputes the audit chain and compares its head with the snapshot's.
 */
export async function verifyBackupFile(file: string, summary: BackupSummary): Promise<{ tables: number; auditSeq: number }> {
  const scratch = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    await migrateToLatest(scratch.db);
    await restoreBackup(scratch.db, file);
    const v = await verifyAuditChain(scratch.db);
    if (!v.ok) throw new RestoreError(`Chuỗi nhật ký không khớp sau khôi phục thử / audit chain broken in the scratch restore at #${v.brokenSeq}`);
    const head = summary.auditHead ?? { seq: 0, hash: '0'.repeat(64) };
    if (v.entries !== head.seq || v.headHash !== head.hash)
      throw new RestoreError(`Đầu chuỗi nhật ký khác / audit head differs: #${v.entries} vs #${head.seq} of the snapshot`);
    return { tables: Object.keys(summary.digests).length, auditSeq: v.entries };
  } finally {
    await scratch.close();
  }
}
