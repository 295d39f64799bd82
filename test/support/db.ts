import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../../src/server/platform/db/database';
import { migrateToLatest } from '../../src/server/platform/db/migrator';

/** The engine this test run targets (scripts/test.mjs runs the integration suite once per engine). */
export const ENGINE: Engine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  database: Database;
  /** Connection string of the fresh PostgreSQL database (postgres engine only). */
  url: string | null;
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty PostgreSQL database for one test file; returns its URL and a drop function. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `binhan_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabaseName(TEST_DATABASE_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A fresh, migrated database of the run's engine: PGlite in memory, or a new PostgreSQL database. */
export async function createTestDatabase(opts: { migrate?: boolean; engine?: Engine } = {}): Promise<TestDatabase> {
  const engine = opts.engine ?? ENGINE;
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    if (opts.migrate !== false) await migrateToLatest(database.db);
    return { database, url: null, drop: () => database.close() };
  }
  const created = await createPgDatabase();
  const database = await openDatabase({ engine: 'postgres', url: created.url, poolMax: 5 });
  if (opts.migrate !== false) await migrateToLatest(database.db);
  return {
    database,
    url: created.url,
    drop: async () => {
      await database.close();
      await created.drop();
    },
  };
}
