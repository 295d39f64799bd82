import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/domain/csv';
import { openDatabase } from '../../src/server/platform/db/database';
import { startServer, type RunningServer } from '../../e2e/support/server';
import { createPgDatabase, ENGINE } from '../support/db';

/**
 * A real `binhan serve` process is killed (SIGKILL) in the middle of an import; after a restart the batch is
 * closed as interrupted, nothing of an all-or-nothing batch is in the database, and re-running the
 * valid-rows import completes it without duplicates.
 */
const ROWS = 6000;
const PASSWORD = 'BinhAn@2026';

function csvOf(prefix: string) {
  const rows = [['Mã', 'Ngày', 'Mã địa bàn', 'Nội dung']];
  for (let i = 1; i <= ROWS; i++) rows.push([`${prefix}-${i}`, `0${1 + (i % 9)}/02/2026 ${String(i % 24).padStart(2, '0')}:15`, '00070', `Vụ việc thử số ${i}`]);
  return formatCsv(rows);
}
const mapping = (source: string) => ({
  source,
  externalIdColumn: 'Mã',
  fields: [
    { column: 'Ngày', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
    { column: 'Mã địa bàn', field: 'areaCode' },
    { column: 'Nội dung', field: 'title' },
  ],
});

describe(`import interrupted by a killed server (${ENGINE})`, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-crash-'));
  const dataDir = path.join(tmp, 'db');
  const importDir = path.join(tmp, 'uploads');
  let dbUrl: string | null = null;
  let dropPg: (() => Promise<void>) | null = null;
  let server: RunningServer | null = null;
  const env = () => ({ BINHAN_IMPORT_DIR: importDir, IMPORT_CHUNK_PAUSE_MS: '150', ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) });

  beforeAll(async () => {
    if (ENGINE === 'postgres') {
      const c = await createPgDatabase();
      dbUrl = c.url;
      dropPg = c.drop;
    }
    const seeded = spawnSync(process.execPath, [path.resolve('bin/binhan.mjs'), 'seed', '--demo'], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...(dbUrl ? { DATABASE_URL: dbUrl } : { BINHAN_DATA_DIR: dataDir }) },
      encoding: 'utf8',
    });
    expect(seeded.status, seeded.stderr).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await dropPg?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const start = () => startServer({ command: ['serve'], env: env(), ...(dbUrl ? {} : { dataDir }) });
  async function session(url: string) {
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const api = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${url}${p}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, json: (await r.json()) as Record<string, never> };
    };
    const uploadCsv = async (name: string, text: string) => {
      const form = new FormData();
      form.append('file', new Blob([text]), name);
      const r = await fetch(`${url}/api/imports/uploads`, { method: 'POST', headers, body: form });
      expect(r.status).toBe(200);
      return ((await r.json()) as { uploadId: string }).uploadId;
    };
    return { api, uploadCsv };
  }
  const unitOf = async (api: Awaited<ReturnType<typeof session>>['api']) => {
    const units = (await api('GET', '/api/units?q=CA-00070')).json as unknown as { items: { id: string; code: string }[] };
    return units.items.find((u) => u.code === 'CA-00070')!.id;
  };
  async function waitFor<T>(fn: () => Promise<T | null>, ms = 60_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== null) return v;
      if (Date.now() > end) throw new Error('timeout');
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  async function kill(s: RunningServer) {
    const exited = new Promise((r) => s.process.once('exit', r));
    s.process.kill('SIGKILL');
    await exited;
  }
  async function countsAfterStop(source: string) {
    const q = `select count(*)::int as n, count(distinct external_id)::int as d from incident where source = $1`;
    if (dbUrl) {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      try {
        return (await c.query(q, [source])).rows[0] as { n: number; d: number };
      } finally {
        await c.end();
      }
    }
    const database = await openDatabase({ engine: 'pglite', dataDir });
    try {
      const r = await sql<{ n: number; d: number }>`select count(*)::int as n, count(distinct external_id)::int as d from incident where source = ${source}`.execute(database.db);
      return r.rows[0]!;
    } finally {
      await database.close();
    }
  }

  it('should leave committed chunks only, close the batch, and complete it on a re-run without duplicates', async () => {
    server = await start();
    let s = await session(server.url);
    const unitId = await unitOf(s.api);
    const uploadId = await s.uploadCsv('crash.csv', csvOf('C'));
    const started = await s.api('POST', '/api/imports', { uploadId, mapping: mapping('crash-valid'), mode: 'valid_rows', defaults: { unitId } });
    expect(started.status).toBe(200);
    const batchId = started.json.batchId as string;
    await waitFor(async () => {
      const b = (await s.api('GET', `/api/imports/${batchId}`)).json as unknown as { imported: number; status: string };
      expect(b.status).toBe('running');
      // Progress counts a chunk once it is written, just before its commit; the second chunk is written only after
      // the first has committed, so 1,000 means at least one chunk is in the database when the process is killed.
      return b.imported >= 1000 ? b : null;
    });
    await kill(server);

    // An all-or-nothing import killed while it writes leaves nothing.
    server = await start();
    s = await session(server.url);
    const aonUpload = await s.uploadCsv('aon.csv', csvOf('A'));
    const aon = await s.api('POST', '/api/imports', { uploadId: aonUpload, mapping: mapping('crash-aon'), mode: 'all_or_nothing', defaults: { unitId } });
    const aonId = aon.json.batchId as string;
    await waitFor(async () => {
      const b = (await s.api('GET', `/api/imports/${aonId}`)).json as unknown as { phase: string | null; status: string };
      return b.phase === 'writing' || b.status !== 'running' ? b : null;
    });
    await new Promise((r) => setTimeout(r, 150));
    await kill(server);
    server = null;
    const partial = await countsAfterStop('crash-valid');
    expect(partial.n).toBeGreaterThanOrEqual(500);
    expect(partial.n).toBeLessThan(ROWS);
    expect(partial.n % 500).toBe(0); // whole chunks only
    const aonAfter = await countsAfterStop('crash-aon');
    expect([0, ROWS]).toContain(aonAfter.n); // all or nothing, never a part

    server = await start();
    s = await session(server.url);
    if (ENGINE === 'pglite') {
      const old = (await s.api('GET', `/api/imports/${batchId}`)).json as unknown as { status: string; error: string; imported: number };
      expect(old).toMatchObject({ status: 'failed', error: 'interrupted', imported: partial.n });
    }
    const rerun = await s.api('POST', '/api/imports', { uploadId, mapping: mapping('crash-valid'), mode: 'valid_rows', defaults: { unitId } });
    expect(rerun.status).toBe(200);
    const done = await waitFor(async () => {
      const b = (await s.api('GET', `/api/imports/${rerun.json.batchId as string}`)).json as unknown as { status: string; imported: number; skipped: number };
      return b.status === 'running' ? null : b;
    });
    expect(done).toMatchObject({ status: 'done', imported: ROWS - partial.n, skipped: partial.n });
    await server.stop();
    server = null;
    expect(await countsAfterStop('crash-valid')).toEqual({ n: ROWS, d: ROWS });
  }, 300_000);
});
