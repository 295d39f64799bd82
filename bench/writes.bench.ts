/**
 * Incident writes under load (issue 19, item 11): real `binhan serve` processes on one PostgreSQL database, driven
 * open-loop at fixed offered rates with `POST /api/incidents` (a crime report each, as the ward officer's form sends
 * it), for DURATION seconds per rate. Prints, per rate and process count: achieved writes/s, latency of the accepted
 * requests (p50, p99), the 503 answers (load shedding) and how fast they came, against a baseline measured in the
 * same run: the same rate of `GET /api/auth/me` (a session lookup, no write).
 *
 *   npm run bench writes                 rates 50,100,200,300,400/s × 1 and 2 processes, 10 s each
 *   BENCH_RATES=100,300 BENCH_SECONDS=5 npm run bench writes
 *   BENCH_PROCS=1 BENCH_REUSE=<database> …   one process count only; an already seeded database, kept afterwards
 *
 * Targets: one process sustains ≥ 300 writes/s with p99 ≤ 100 ms; two processes more than one; above capacity the
 * answer is 503 quickly and the p99 of accepted requests stays bounded.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startServer, type RunningServer } from '../e2e/support/server';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RATES = (process.env.BENCH_RATES ?? '50,100,200,300,400').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PROCS = (process.env.BENCH_PROCS ?? '1,2').split(',').map(Number);
const REUSE = process.env.BENCH_REUSE;
const PASSWORD = 'BinhAn@2026';

const name = REUSE ?? `binhan_bench_w_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
if (!REUSE) await admin.query(`create database ${name}`);
const u = new URL(ADMIN_URL);
u.pathname = `/${name}`;
const url = u.toString();
const servers: RunningServer[] = [];
try {
  const seeded = REUSE ? { status: 0, stderr: '' } : spawnSync(process.execPath, ['bin/binhan.mjs', 'seed', '--demo'], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(seeded.stderr);
  for (let i = 0; i < Math.max(...PROCS); i++) servers.push(await startServer({ command: ['serve'], env: { DATABASE_URL: url, LOG_LEVEL: 'warn' } }));

  async function session(base: string) {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo', password: PASSWORD }) });
    const { csrfToken } = (await r.json()) as { csrfToken: string };
    return { cookie: r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: csrfToken };
  }
  const sessions = await Promise.all(servers.map((s) => session(s.url)));
  const me = await fetch(`${servers[0]!.url}/api/auth/me`, { headers: { cookie: sessions[0]!.cookie } });
  const unitId = ((await me.json()) as { user: { unitId: string } }).user.unitId;
  const body = JSON.stringify({
    kind: 'crime_report',
    occurredAt: '2026-11-20T20:30:00+07:00',
    receivedAt: '2026-11-21T09:15:00+07:00',
    areaCode: '00070',
    unitId,
    title: 'Mất trộm xe máy',
    narrative: 'Người báo: mất xe máy trước cửa nhà.',
    reportSource: 'to_giac',
    reporterName: 'Nguyễn Thị Hoa',
    reporterContact: '0912345678',
  });

  /** Offers `rate` requests/s for SECONDS across `procs` processes (open loop: a slow answer does not slow the offer). */
  async function drive(rate: number, procs: number, write: boolean) {
    const lat: number[] = [];
    const shed: number[] = [];
    let other = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    const total = rate * SECONDS;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const k = i % procs;
      const t0 = performance.now();
      const s = sessions[k]!;
      pending.push(
        fetch(`${servers[k]!.url}/api/${write ? 'incidents' : 'auth/me'}`, {
          method: write ? 'POST' : 'GET',
          headers: write ? { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' } : { cookie: s.cookie },
          body: write ? body : undefined,
        })
          .then(async (r) => {
            await r.arrayBuffer();
            const ms = performance.now() - t0;
            if (r.status === 200) lat.push(ms);
            else if (r.status === 503) shed.push(ms);
            else other++;
          })
          .catch(() => void other++),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    lat.sort((a, b) => a - b);
    shed.sort((a, b) => a - b);
    const q = (a: number[], p: number) => (a.length ? a[Math.min(a.length - 1, Math.floor(a.length * p))]!.toFixed(0) : '—');
    return { ok: lat.length, perSecond: lat.length / elapsed, p50: q(lat, 0.5), p99: q(lat, 0.99), shed: shed.length, shedP99: q(shed, 0.99), other };
  }

  console.log(`PostgreSQL ${name}; ${SECONDS} s per rate; writes are crime reports by the ward officer`);
  console.log('| offered /s | processes | accepted writes/s | p50 ms | p99 ms | 503 (p99 ms) | other | baseline GET /me p99 ms | write p99 / baseline p99 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const procs of PROCS) {
    for (const rate of RATES) {
      const base = await drive(rate, procs, false);
      const w = await drive(rate, procs, true);
      const ratio = base.p99 !== '—' && w.p99 !== '—' ? (Number(w.p99) / Math.max(1, Number(base.p99))).toFixed(1) : '—';
      console.log(`| ${rate} | ${procs} | ${w.perSecond.toFixed(0)} | ${w.p50} | ${w.p99} | ${w.shed} (${w.shedP99}) | ${w.other} | ${base.p99} | ${ratio}× |`);
    }
  }
} finally {
  for (const s of servers) await s.stop();
  if (!REUSE) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
