import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../e2e/support/server';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';
import { createPgDatabase, ENGINE } from '../support/db';

/** Runs the real `binhan` command and returns its exit code and output. */
function binhan(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve('bin/binhan.mjs'), ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function login(server: RunningServer, username: string, password: string): Promise<{ status: number; code: string | undefined }> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code };
}

/**
 * Issue 19, item 3: wrong passwords sent in parallel used to lift the lock the fifth one set (a failure in
 * flight wrote an unlocked state), so the right password then signed in. Real `binhan serve` processes: two
 * on one PostgreSQL database, one on the embedded database (it allows one process).
 */
describe(`sign-in lock under parallel failures, real processes (${ENGINE})`, () => {
  it('should lock after 50 parallel wrong passwords across the processes, refuse the right one, and treat an unknown name alike', async () => {
    const env: Record<string, string> = { LOGIN_RATE_PER_MINUTE: '100000', LOGIN_MAX_FAILURES: '5' };
    let dataDir: string | undefined;
    if (ENGINE === 'postgres') {
      const created = await createPgDatabase();
      cleanups.push(() => created.drop());
      env.DATABASE_URL = created.url;
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-lock-'));
      const dir = dataDir;
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      env.BINHAN_DATA_DIR = dir;
    }
    const seeded = await binhan(['seed', '--demo', '--no-incidents'], env);
    expect(seeded.code, seeded.out).toBe(0);
    const servers: RunningServer[] = [];
    for (let i = 0; i < (ENGINE === 'postgres' ? 2 : 1); i++) {
      const s = await startServer({ command: ['serve'], env, ...(dataDir ? { dataDir } : {}) });
      cleanups.push(() => s.stop());
      servers.push(s);
    }

    for (const username of ['phantich', 'khong.ton.tai']) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => login(servers[i % servers.length]!, username, `sai-mat-khau-${i}`)),
      );
      const count = (status: number) => results.filter((r) => r.status === status).length;
      // Exactly the first four failures answer 401; the fifth sets the lock and every later one meets it.
      expect({ username, unauthorized: count(401), locked: count(423) }).toEqual({ username, unauthorized: 4, locked: 46 });
      for (const server of servers) {
        expect(await login(server, username, DEMO_PASSWORD)).toEqual({ status: 423, code: 'ACCOUNT_LOCKED' });
      }
    }

    if (dataDir) {
      // Zero setup: the embedded database creates the key of two-factor secrets next to its data on first use,
      // readable by its owner only.
      const keyFile = path.join(dataDir, 'totp.key');
      expect(fs.existsSync(keyFile)).toBe(false);
      const res = await fetch(`${servers[0]!.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'xem', password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const setup = await fetch(`${servers[0]!.url}/api/auth/totp/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ password: DEMO_PASSWORD }),
      });
      expect(setup.status).toBe(200);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    }
    if (ENGINE === 'postgres') {
      // Two-factor secrets need BINHAN_TOTP_KEY on PostgreSQL: a server without it refuses to start once one
      // exists (here a plaintext one, as stored before encryption), and one with it seals it at start-up.
      for (const s of servers) await s.stop();
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        await client.query(`update app_user set totp_secret = 'JBSWY3DPEHPK3PXP' where username = 'xem'`);
        const refused = await binhan(['serve', '--port', '0'], env);
        expect(refused.code, refused.out).toBe(2);
        expect(refused.out).toContain('BINHAN_TOTP_KEY');
        const withKey = await startServer({ command: ['serve'], env: { ...env, BINHAN_TOTP_KEY: 'ab'.repeat(32) } });
        cleanups.push(() => withKey.stop());
        const stored = await client.query<{ s: string }>(`select totp_secret as s from app_user where username = 'xem'`);
        expect(stored.rows[0]!.s).toMatch(/^enc1:/);
      } finally {
        await client.end();
      }
    }
  }, 300_000);
});
