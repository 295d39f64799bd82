import { PGlite } from '@electric-sql/pglite';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-platform';
import { startServer } from '../../e2e/support/server';
import { bundleEntry } from '../support/bundle';
import { createPgDatabase, ENGINE } from '../support/db';

/**
 * The `binhan` command's source bundled once for this file (test/support/bundle.ts): the same program as
 * bin/binhan.mjs without the TypeScript loader's cost at each of the ~25 starts. One test runs bin/binhan.mjs itself.
 */
let cli: Promise<{ file: string; remove(): void } | null> | undefined;
async function cliEntry(): Promise<string> {
  cli ??= bundleEntry('src/cli/main.ts', 'binhan-cli');
  return (await cli)?.file ?? path.resolve('bin/binhan.mjs');
}
afterAll(async () => (await cli)?.remove());

/** Runs the `binhan` command and returns its exit code and output. */
async function binhan(args: string[], env: Record<string, string>, stdin?: string, entry?: string): Promise<{ code: number; out: string }> {
  const program = entry ?? (await cliEntry());
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [program, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A fresh database for the CLI: an embedded folder, or a new PostgreSQL database. */
async function freshEnv(): Promise<{ env: Record<string, string>; tamper(sqlText: string): Promise<void> }> {
  if (ENGINE === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-cli-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return {
      env: { BINHAN_DATA_DIR: dir },
      tamper: async (sqlText) => {
        const db = await PGlite.create(path.join(dir, 'pgdata'));
        await db.exec(`alter table audit_log disable trigger audit_log_no_change; ${sqlText}; alter table audit_log enable trigger audit_log_no_change;`);
        await db.close();
      },
    };
  }
  const created = await createPgDatabase();
  cleanups.push(() => created.drop());
  return {
    env: { DATABASE_URL: created.url },
    tamper: async (sqlText) => {
      const c = new pg.Client({ connectionString: created.url });
      await c.connect();
      await c.query(`alter table audit_log disable trigger audit_log_no_change; ${sqlText}; alter table audit_log enable trigger audit_log_no_change;`);
      await c.end();
    },
  };
}

describe(`binhan CLI (${ENGINE})`, () => {
  it('should verify the audit chain, then name the tampered entry with exit code 3', async () => {
    const { env, tamper } = await freshEnv();
    expect((await binhan(['seed', '--demo', '--no-incidents'], env)).code).toBe(0);
    const ok = await binhan(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain intact: 13 entries/); // 11 + the demo saved import mapping + the demo population
    await tamper("update audit_log set actor_name = 'hacker' where seq = 7");
    const bad = await binhan(['audit', 'verify'], env);
    expect(bad.code).toBe(3);
    expect(bad.out).toContain('#7');
  }, 180_000);

  it('should anchor the audit chain in a signed file and catch a rewound head that the chain alone misses', async () => {
    const { env, tamper } = await freshEnv();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-anchors-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const anchors = path.join(dir, 'anchors.jsonl');
    expect((await binhan(['seed', '--demo', '--no-incidents'], env)).code).toBe(0);
    const noFile = await binhan(['audit', 'anchor'], env);
    expect(noFile.code).toBe(2);
    expect(noFile.out).toContain('BINHAN_AUDIT_ANCHOR_FILE');
    // A server with an anchor file writes a checkpoint at start-up (the key created 0600 on first use).
    const withFile = { ...env, BINHAN_AUDIT_ANCHOR_FILE: anchors };
    const server = await startServer({ entry: await cliEntry(), command: ['serve'], env: withFile, ...(env.BINHAN_DATA_DIR ? { dataDir: env.BINHAN_DATA_DIR } : {}) });
    try {
      expect(fs.readFileSync(anchors, 'utf8')).toMatch(/^\{"v":1,"seq":13,.*\}\n$/);
    } finally {
      await server.stop();
    }
    expect(fs.statSync(`${anchors}.key`).mode & 0o777).toBe(0o600);
    const first = await binhan(['audit', 'anchor', '--file', anchors], env);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/anchored: #13 [0-9a-f]{16}… \(13 entries/);
    // A backup with the anchor file configured also writes a checkpoint.
    const backup = await binhan(['backup', path.join(dir, 'b.gz')], withFile);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/anchored: #13 /);
    const ok = await binhan(['audit', 'verify', '--anchors', anchors, '--public-key', `${anchors}.pub`], env);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('checkpoints hold: 3');
    // The newest entry cut and the head rewound onto the one before: the chain verifies, the checkpoint does not.
    await tamper('delete from audit_log where seq = 13; update audit_chain_head set seq = 12, hash = (select hash from audit_log where seq = 12)');
    const cut = await binhan(['audit', 'verify'], withFile);
    expect(cut.code, cut.out).toBe(3);
    expect(cut.out).toContain('audit chain intact: 12 entries');
    expect(cut.out).toMatch(/checkpoint at line 1 \(#13\) of .* fails: .*shorter/);
    expect(fs.readFileSync(anchors, 'utf8').trim().split('\n')).toHaveLength(3);
  }, 240_000);

  it('should back up and restore into an empty database, and refuse a non-empty one', async () => {
    const source = await freshEnv();
    const target = await freshEnv();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-bk-')), 'all.binhan.gz');
    cleanups.push(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    expect((await binhan(['seed', '--demo', '--no-incidents'], source.env)).code).toBe(0);
    const created = await binhan(['user', 'create', '--username', 'new.user', '--full-name', 'Người Mới', '--unit', 'PC02', '--roles', 'analyst,viewer', '--password-stdin'], source.env, 'Ngựa-sắt 9 đỉnh núi\n');
    expect(created.code, created.out).toBe(0);
    const backup = await binhan(['backup', file, '--verify'], source.env);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/verified: \d+ bảng \/ tables restored equal to the snapshot, audit head #14/);
    const restore = await binhan(['restore', file], target.env);
    expect(restore.code, restore.out).toBe(0);
    const list = await binhan(['user', 'list'], target.env);
    expect(list.out).toContain('new.user');
    expect(list.out).toContain('10 người dùng');
    const verify = await binhan(['audit', 'verify'], target.env);
    expect(verify.code).toBe(0);
    expect(verify.out).toContain('14 entries'); // seed (11 + the saved import mapping + the demo population) + user
    const again = await binhan(['restore', file], target.env);
    expect(again.code).toBe(2);
    expect(again.out).toContain('not empty');
    // A damaged file is bad input (exit 2) with one clear line, not a zlib stack trace.
    const damaged = `${file}.damaged`;
    fs.writeFileSync(damaged, fs.readFileSync(file).subarray(0, 2000));
    const empty = await freshEnv();
    const bad = await binhan(['restore', damaged], empty.env);
    expect(bad.code, bad.out).toBe(2);
    expect(bad.out).toMatch(/damaged|truncated|corrupt/);
    expect(bad.out).not.toMatch(/\n\s+at /);
  }, 300_000);

  it('should reject bad flags with exit code 2 and say why', async () => {
    const { env } = await freshEnv();
    const badRole = await binhan(['user', 'create', '--username', 'a.b', '--full-name', 'A', '--unit', 'X', '--roles', 'king'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.out).toContain('unknown role: king');
    const missing = await binhan(['user', 'create', '--username', 'a.b'], env);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('--full-name');
    // This one through bin/binhan.mjs itself, the command users run (the others run its bundled source).
    const help = await binhan(['user', 'create', '--help'], env, undefined, path.resolve('bin/binhan.mjs'));
    expect(help.code).toBe(0);
    expect(help.out).toContain('--password-stdin');
    const noFile = await binhan(['restore', '/nonexistent.gz'], env);
    expect(noFile.code).toBe(2);
  }, 180_000);

  if (ENGINE === 'pglite') {
    it('should refuse a second serve on the same data folder, naming the lock and its holder', async () => {
      const first = await startServer({ entry: await cliEntry(), command: ['serve'] });
      cleanups.push(() => first.stop());
      const second = await binhan(['serve', '--port', '0'], { BINHAN_DATA_DIR: first.dataDir! });
      expect(second.code).toBe(10);
      expect(second.out).toContain(path.join(first.dataDir!, 'binhan.lock'));
      expect(second.out).toContain(`PID ${first.process.pid}`);
      // The first one is unharmed.
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    }, 180_000);

    it('should let exactly one of several processes take a folder that a killed process left locked', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-lock-'));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      for (let round = 0; round < 3; round++) {
        // The lock file of a process that died without releasing it (kill -9): its PID no longer runs.
        const dead = spawn(process.execPath, ['-e', '']);
        await new Promise((r) => dead.once('exit', r));
        fs.writeFileSync(path.join(dir, 'binhan.lock'), JSON.stringify({ pid: dead.pid, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z' }));
        const racers = Array.from({ length: 4 }, () => spawn(process.execPath, [path.resolve('bin/run-ts.mjs'), 'test/support/lock-holder.ts', dir], { stdio: ['pipe', 'pipe', 'inherit'] }));
        try {
          const lines = racers.map((c) => {
            let out = '';
            c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
            return (n: number) =>
              new Promise<string>((resolve) => {
                const check = () => (out.split('\n').length > n ? resolve(out.split('\n')[n - 1]!.trim()) : null);
                c.stdout!.on('data', check);
                c.once('exit', () => resolve(out.trim()));
                check();
              });
          });
          await Promise.all(lines.map((line) => line(1))); // every racer loaded and waiting
          for (const c of racers) c.stdin!.write('go\n');
          const said = await Promise.all(lines.map((line) => line(2)));
          const winners = said.filter((s) => s.startsWith('GOT'));
          expect(winners, said.join(' | ')).toHaveLength(1);
          const winnerPid = winners[0]!.split(' ')[1];
          expect(said.filter((s) => s === `LOCKED ${winnerPid}`)).toHaveLength(3);
        } finally {
          for (const c of racers) c.stdin!.end();
          await Promise.all(racers.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
        }
      }
    }, 180_000);
  }

  if (ENGINE === 'postgres') {
    it('should behave as one when two serve processes share one PostgreSQL: sessions and logout', async () => {
      const { env } = await freshEnv();
      expect((await binhan(['seed', '--demo', '--no-incidents'], env)).code).toBe(0);
      const a = await startServer({ entry: await cliEntry(), command: ['serve'], env });
      cleanups.push(() => a.stop());
      const b = await startServer({ entry: await cliEntry(), command: ['serve'], env });
      cleanups.push(() => b.stop());
      expect(a.url).not.toBe(b.url);
      const login = await fetch(`${a.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'lanhdao', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const meOnB = await fetch(`${b.url}/api/auth/me`, { headers: { cookie } });
      expect(meOnB.status).toBe(200);
      const logoutOnB = await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
      expect(logoutOnB.status).toBe(204);
      expect((await fetch(`${a.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
      expect((await fetch(`${b.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    }, 180_000);
  }
});
