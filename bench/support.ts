import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../src/server/platform/db/database';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** An empty database for one bench run: in-memory PGlite, or a new PostgreSQL database dropped afterwards. */
export async function freshDatabase(
  engine: 'pglite' | 'postgres',
): Promise<{ database: Database; drop: () => Promise<void>; name: string }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    return { database, drop: () => database.close(), name: 'pglite (in memory)' };
  }
  const name = `binhan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', url: u.toString(), poolMax: 4 });
  return {
    database,
    name,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A PostgreSQL database kept by an earlier run (BENCH_KEEP), measured again without loading; left in place. */
export async function existingDatabase(name: string): Promise<{ database: Database; drop: () => Promise<void>; name: string }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', url: u.toString(), poolMax: 4 });
  return { database, name, drop: () => database.close() };
}
