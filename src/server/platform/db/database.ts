import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import path from 'node:path';
import pg from 'pg';
import type { DB } from './schema.generated';
import { acquireFolderLock } from './folder-lock';
import { PGliteDialect } from './pglite-dialect';

export type Db = Kysely<DB>;
export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** Human-readable location for logs: the folder or the server (password hidden). */
  location: string;
  /** Folder of the embedded database; null in memory and on PostgreSQL. */
  dataDir?: string | null;
  close(): Promise<void>;
}

// CamelCasePlugin renames columns only, never the keys inside jsonb values (audit diffs are hashed as stored).
// Both engines return the same JS types: int8 and numeric as number (counts and VND amounts stay
// far below 2^53), date as 'YYYY-MM-DD' string (no time-zone shift), timestamptz as Date.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => Number(v);
const keepString = (v: string) => v;

export type OpenOptions =
  | { engine: 'pglite'; dataDir: string | null /* null = in memory */ }
  | { engine: 'postgres'; url: string; poolMax?: number };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax ?? 10,
      // Connections stay open (pg's default closes one after 10 s idle). A new connection's first incident write
      // plans the statistics trigger functions (~0.2 s on a loaded 2-core machine) while it holds the rows every
      // incident write needs, so after each lull the next burst used to queue behind a few such plannings
      // (bench/write-locks.bench.ts: 3.4 s for the first write on 16 new connections, 16 ms warm).
      idleTimeoutMillis: 0,
      allowExitOnIdle: true, // idle connections do not keep a finished command alive
      // Requests here are short, planned queries; PostgreSQL's JIT compiles anything it costs above 100,000
      // (a statistics query over a few hundred thousand aggregate rows) and spends 10–20 ms doing so.
      options: '-c jit=off',
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8 || oid === NUMERIC) return toNumber;
          if (oid === DATE) return keepString;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle pooled connection that the server closes (restart, failover, DROP DATABASE … WITH (FORCE)) emits
    // 'error' on the pool; unhandled, that would end the process. The pool replaces it on the next query.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection closed: ${err.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
    await sql`select 1`.execute(db); // fail fast on a bad URL
    const u = new URL(opts.url);
    return {
      db,
      engine: 'postgres',
      dataDir: null,
      location: `postgres://${u.username ? u.username + '@' : ''}${u.host}${u.pathname}`,
      close: () => db.destroy(),
    };
  }
  let lock: { release(): void } | undefined;
  let pgDir: string | undefined;
  if (opts.dataDir) {
    lock = await acquireFolderLock(opts.dataDir);
    pgDir = path.join(opts.dataDir, 'pgdata');
  }
  try {
    const pglite = await PGlite.create(pgDir, {
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepString },
      extensions: { pg_trgm }, // the registry's text search index (migration 0006)
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
    return {
      db,
      engine: 'pglite',
      dataDir: opts.dataDir,
      location: opts.dataDir ?? '(in memory)',
      close: async () => {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** Chooses the engine from the configuration: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function openFromConfig(config: { databaseUrl?: string; dataDir: string; poolMax: number }): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ engine: 'postgres', url: config.databaseUrl, poolMax: config.poolMax })
    : openDatabase({ engine: 'pglite', dataDir: config.dataDir });
}
