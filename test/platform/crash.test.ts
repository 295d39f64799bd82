import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, ENGINE } from '../support/db';

/**
 * The worker as one ES module (its npm packages stay imports); null when esbuild (installed with tsx) is missing,
 * then the worker runs through the TypeScript loader.
 */
async function bundleWorker(outDir: string): Promise<string | null> {
  const esbuild = await import('esbuild').catch(() => null);
  if (!esbuild) return null;
  const outfile = path.join(outDir, 'crash-worker.mjs');
  await esbuild.build({
    entryPoints: [path.resolve('test/support/crash-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
    // Each module keeps its own import.meta.url (the reference data is found relative to its module).
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (a) => ({
            contents: fs
              .readFileSync(a.path, 'utf8')
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  return outfile;
}

/**
 * Kill -9 at random points of every write path, each followed by a restart that must open the database and find
 * every acknowledged write, no half record, a verifying audit chain and statistics equal to the raw incidents
 * (test/support/crash-worker.ts does the checks and the writes). CRASH_KILLS sets the number of kills per engine.
 *
 * Cost: each kill needs a new process, so a restart is kept cheap — the worker is bundled once per run (one file
 * instead of the TypeScript loader resolving every module at each start), the audit chain is verified from the
 * last verified entry, the statistics are compared with the raw incidents every STATS_EVERY restarts, and the
 * last restart verifies the whole chain and the statistics.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 25);
const STATS_EVERY = Number(process.env.CRASH_STATS_EVERY ?? 5);
const OPS = [
  'incident',
  'incident',
  'import_valid',
  'import_aon',
  'event_log',
  'plan_report',
  'backup',
  'restore',
  'window_move',
];

describe(`kill -9 during writes, then restart (${ENGINE})`, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-kill-'));
  // Inside the project, so that the bundle's package imports resolve from node_modules (var/ is not versioned).
  fs.mkdirSync(path.resolve('var'), { recursive: true });
  const bundleDir = fs.mkdtempSync(path.resolve('var', 'crash-worker-'));
  let entry: string[] = [path.resolve('bin/run-ts.mjs'), 'test/support/crash-worker.ts'];
  const ackFile = path.join(tmp, 'acks.txt');
  let env: Record<string, string> = {};
  let dropPg: (() => Promise<void>) | null = null;
  let running: ChildProcess | null = null;
  const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
  let seed = SEED;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  beforeAll(async () => {
    if (ENGINE === 'postgres') {
      const c = await createPgDatabase();
      env = { DATABASE_URL: c.url };
      dropPg = c.drop;
    } else env = { BINHAN_DATA_DIR: path.join(tmp, 'db') };
    const bundled = await bundleWorker(bundleDir);
    if (bundled) entry = [bundled];
  });
  afterAll(async () => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    await dropPg?.();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  /** Starts a worker; resolves with its output once it printed `until` (or exited). */
  function worker(op: string, day: string, until: RegExp | null, checks: { stats?: boolean; full?: boolean } = {}) {
    const work = path.join(tmp, 'work');
    fs.mkdirSync(work, { recursive: true });
    const child = spawn(process.execPath, [...entry, ackFile, op, day, work], {
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        BINHAN_IMPORT_DIR: path.join(tmp, 'uploads'),
        IMPORT_CHUNK_PAUSE_MS: '0',
        CRASH_STATS: checks.stats ? '1' : '0',
        CRASH_FULL: checks.full ? '1' : '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const reached = new Promise<string>((resolve) => {
      const check = () => (until && until.test(out) ? resolve(out) : null);
      child.stdout.on('data', check);
      child.once('exit', () => resolve(out));
    });
    const kill = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    };
    return { child, reached, kill, output: () => out };
  }

  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setTimeout(r, 10));
  };
  const dayOf = (offset: number) => new Date(Date.UTC(2026, 11, 3 + offset)).toISOString().slice(0, 10);

  it(
    `should open after each of ${KILLS} kills with every acknowledged write present and nothing half-written`,
    async () => {
      const started = Date.now();
      const first = worker('incident', dayOf(0), /READY|FAIL/);
      const firstOut = await first.reached;
      expect(firstOut, firstOut).toContain('READY');
      await first.kill();
      const log: string[] = [];
      let dayOffset = 0;
      for (let k = 0; k < KILLS; k++) {
        const op = OPS[Math.floor(rand() * OPS.length)]!;
        if (op === 'window_move' || rand() < 0.1) dayOffset += 1 + Math.floor(rand() * 20);
        // One kill in five lands during the start (migrations, recovery, window moves), the others while writing.
        const duringStart = rand() < 0.2;
        const w = worker(op, dayOf(dayOffset), duringStart ? null : /READY|FAIL/, {
          stats: (k + 1) % STATS_EVERY === 0,
        });
        if (duringStart) await new Promise((r) => setTimeout(r, 200 + rand() * 2500));
        else {
          const out = await w.reached;
          if (!out.includes('READY'))
            throw new Error(
              `round ${k} (${op}): the worker did not start after the previous kill:\n${out.slice(-3000)}`,
            );
          // Half the kills land in the first write (whatever it costs), half at a random point after it.
          if (rand() < 0.5) await until(() => /WROTE|FAIL/.test(w.output()) || w.child.exitCode !== null);
          await new Promise((r) =>
            setTimeout(r, rand() * (op.startsWith('import') || op === 'restore' || op === 'backup' ? 1500 : 600)),
          );
        }
        await w.kill();
        const out = w.output();
        expect(out, `round ${k} (${op})`).not.toContain('FAIL');
        const checked = /CHECKED (\{.*\})/.exec(out)?.[1];
        const lines = fs.existsSync(ackFile) ? fs.readFileSync(ackFile, 'utf8').split('\n').filter(Boolean).length : 0;
        log.push(
          `${k}:${op}${duringStart ? '@start' : ''}${checked ? ` ${checked}` : ''} acks=${lines} t=${Math.round((Date.now() - started) / 1000)}s`,
        );
        if (process.env.CRASH_LOG)
          fs.appendFileSync(process.env.CRASH_LOG, `${log.at(-1)}\n${process.env.CRASH_DEBUG ? out : ''}`);
      }
      // The last restart checks what the last kill left, the whole audit chain and the statistics.
      const last = worker('incident', dayOf(dayOffset), /READY|FAIL/, { full: true });
      const lastOut = await last.reached;
      await last.kill();
      expect(lastOut, `${lastOut.slice(-3000)}\n${log.join('\n')}`).toContain('READY');
      const acks = fs.existsSync(ackFile) ? fs.readFileSync(ackFile, 'utf8').split('\n').filter(Boolean).length : 0;
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(
        `crash test (${ENGINE}, seed ${SEED}): ${KILLS} kills in ${seconds} s, ${acks} acknowledged writes checked; last ${/CHECKED (\{.*\})/.exec(lastOut)?.[1]}\n${log.join('\n')}`,
      );
      expect(acks).toBeGreaterThan(0);
    },
    300_000 + KILLS * 60_000,
  );
});
