/**
 * Where incident writes serialise in PostgreSQL (issue 19, item 11), measured without the app: the SQL of an
 * incident write, and parts of it, run by CLIENTS plain connections in a closed loop for SECONDS each, against the
 * same transaction on one connection. A transaction that holds no row another one needs scales with the clients
 * (PostgreSQL flushes the WAL of concurrent commits together); one that holds a hot row until its commit does not:
 * its throughput is 1 / (time from taking the row to the end of the commit's flush), whatever the client count.
 *
 *   npm run bench write-locks                      a fresh database with a small demo (BINHAN_DEMO_SCALE 0.05)
 *   BENCH_REUSE=<database> BENCH_SECONDS=5 BENCH_CLIENTS=16 npm run bench write-locks
 *
 * The variants (each connection runs the transaction once before the clock starts, so trigger plans are cached;
 * the first run on a new connection is reported apart):
 *   commit only        an insert into a table no other transaction touches (no hot row): the baseline
 *   audit head         the audit append: head row FOR UPDATE, insert, head update (on copies of the two tables)
 *   incident insert    one crime report copied from the demo, with the statistics triggers (their hot rows:
 *                      the day/month aggregates and window cells of the same day, the window totals)
 *   … triggers off     the same insert with the statistics triggers disabled (only on a database of its own)
 *   full write         as the service writes it: reference counter, incident, version, audit append, commit
 * The rows written stay in the database (copies of one incident, counted by the statistics).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const REUSE = process.env.BENCH_REUSE;

const name = REUSE ?? `binhan_bench_l_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
if (!REUSE) await admin.query(`create database ${name}`);
const u = new URL(ADMIN_URL);
u.pathname = `/${name}`;
const url = u.toString();

async function connect() {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

try {
  if (!REUSE) {
    const seeded = spawnSync(process.execPath, ['bin/binhan.mjs', 'seed', '--demo'], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', BINHAN_DEMO_SCALE: '0.05' },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(seeded.stderr);
  }
  const setup = await connect();
  const tpl = await setup.query<{ id: string }>(
    `select id from incident where kind = 'crime_report' order by occurred_at desc limit 1`,
  );
  const template = tpl.rows[0]!.id;
  const cols = (
    await setup.query<{ c: string }>(
      `select column_name as c from information_schema.columns where table_name = 'incident' and column_name not in ('id', 'ref_no', 'source', 'external_id', 'import_batch_id') order by ordinal_position`,
    )
  ).rows
    .map((r) => r.c)
    .join(', ');
  await setup.query(`create sequence if not exists bench_ref`);
  await setup.query(`create table if not exists bench_chain_head (like audit_chain_head including all)`);
  await setup.query(`insert into bench_chain_head select * from audit_chain_head on conflict do nothing`);
  await setup.query(`create table if not exists bench_log (like audit_log including all)`);

  const insertIncident = `insert into incident (id, ref_no, ${cols})
    select gen_random_uuid(), 'BENCH-' || nextval('bench_ref'), ${cols} from incident where id = '${template}' returning id, ref_no`;
  const audit = [
    `select seq, hash from bench_chain_head where id = 1 for update`,
    `insert into bench_log (seq, at, actor_name, action, entity_type, diff, prev_hash, hash)
       select seq + 1, now(), 'bench', 'incident.created', 'incident', '{}', hash, md5(hash || seq) from bench_chain_head where id = 1`,
    `update bench_chain_head set seq = seq + 1, hash = md5(hash || seq) where id = 1`,
  ];
  type Tx = (c: pg.Client) => Promise<void>;
  const tx =
    (body: Tx): Tx =>
    async (c) => {
      await c.query('begin');
      try {
        await body(c);
        await c.query('commit');
      } catch (err) {
        await c.query('rollback');
        throw err;
      }
    };
  const variants: { name: string; run: Tx; triggersOff?: boolean }[] = [
    {
      name: 'commit only (no hot row)',
      run: tx(async (c) => {
        await c.query(
          `insert into bench_log (seq, at, action, entity_type, prev_hash, hash) values (-nextval('bench_ref'), now(), 'x', 'x', '', '')`,
        );
      }),
    },
    {
      name: 'audit head',
      run: tx(
        async (c) =>
          void (await audit.reduce((p, q) => p.then(() => c.query(q)), Promise.resolve({} as pg.QueryResult))),
      ),
    },
    { name: 'incident insert (statistics triggers)', run: tx(async (c) => void (await c.query(insertIncident))) },
    ...(REUSE
      ? []
      : [
          {
            name: 'incident insert, statistics triggers off',
            run: tx(async (c) => void (await c.query(insertIncident))),
            triggersOff: true,
          },
        ]),
    {
      name: 'full write (counter, incident, version, audit)',
      run: tx(async (c) => {
        await c.query(`insert into incident_ref_counter (prefix, year, last) values ('BENCH', 2026, 1)
          on conflict (prefix, year) do update set last = incident_ref_counter.last + 1 returning last`);
        const r = await c.query<{ id: string }>(insertIncident);
        await c.query(
          `insert into incident_version (incident_id, version, at, actor_name, action, changes) values ($1, 1, now(), 'bench', 'created', '{}')`,
          [r.rows[0]!.id],
        );
        for (const q of audit) await c.query(q);
      }),
    },
  ];

  async function measure(run: Tx, clients: number) {
    const conns = await Promise.all(Array.from({ length: clients }, connect));
    try {
      const t0 = performance.now();
      await Promise.all(conns.map((c) => run(c))); // warm-up: plans of the triggers cached on every connection
      const cold = performance.now() - t0;
      const lat: number[] = [];
      const end = performance.now() + SECONDS * 1000;
      const start = performance.now();
      await Promise.all(
        conns.map(async (c) => {
          while (performance.now() < end) {
            const s = performance.now();
            await run(c);
            lat.push(performance.now() - s);
          }
        }),
      );
      const elapsed = (performance.now() - start) / 1000;
      lat.sort((a, b) => a - b);
      const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]!;
      return { perSecond: lat.length / elapsed, p50: q(0.5), p99: q(0.99), cold };
    } finally {
      await Promise.all(conns.map((c) => c.end()));
    }
  }

  console.log(`PostgreSQL ${name}; ${SECONDS} s per measurement; ${CLIENTS} clients against 1`);
  console.log(
    `| transaction | 1 client tx/s (p50 ms) | ${CLIENTS} clients tx/s (p50 / p99 ms) | scaling | first run on ${CLIENTS} new connections ms |`,
  );
  console.log('|---|---|---|---|---|');
  for (const v of variants) {
    if (v.triggersOff) await setup.query(`alter table incident disable trigger stat_incident_ins`);
    try {
      const one = await measure(v.run, 1);
      const many = await measure(v.run, CLIENTS);
      console.log(
        `| ${v.name} | ${one.perSecond.toFixed(0)} (${one.p50.toFixed(1)}) | ${many.perSecond.toFixed(0)} (${many.p50.toFixed(1)} / ${many.p99.toFixed(1)}) | ${(many.perSecond / one.perSecond).toFixed(1)}× | ${many.cold.toFixed(0)} |`,
      );
    } finally {
      if (v.triggersOff) await setup.query(`alter table incident enable trigger stat_incident_ins`);
    }
  }
  await setup.end();
} finally {
  if (!REUSE) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
