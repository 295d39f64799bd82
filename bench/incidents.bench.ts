/**
 * Incident list benchmark: N incidents (default 1,000,000) on a fresh database, then the server time of
 * the registry's list queries through IncidentService (keyset pagination, scope applied), against a
 * baseline measured in the same run: the same page fetched with OFFSET (what keyset pagination replaces).
 *
 *   npx tsx bench/incidents.bench.ts [N] [--pglite]
 *
 * Targets (issue: incident registry): at 1M on PostgreSQL, first page and a deep page p95 ≤ 30 ms, a filter by
 * area and period ≤ 50 ms. PostgreSQL comes from TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { sql } from 'kysely';
import { createServices } from '../src/server/app';
import { systemActor, userActor } from '../src/server/platform/actor';
import { systemClock } from '../src/server/platform/clock';
import { loadConfig } from '../src/server/platform/config';
import { openDatabase, type Database } from '../src/server/platform/db/database';
import { migrateToLatest } from '../src/server/platform/db/migrator';
import { seedDemoUnits } from '../src/server/seed/demo-units';
import { encodeCursor } from '../src/server/modules/incidents/incidents.service';
import { createPgDatabase } from '../test/support/db';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const PGLITE = process.argv.includes('--pglite');
const RUNS = 30;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p95: q(0.95) };
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<{ median: number; p95: number }> {
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

async function main() {
  let database: Database;
  let drop: () => Promise<void> = async () => {};
  if (PGLITE) {
    database = await openDatabase({ engine: 'pglite', dataDir: null });
  } else {
    const created = await createPgDatabase();
    database = await openDatabase({ engine: 'postgres', url: created.url, poolMax: 4 });
    drop = created.drop;
  }
  const db = database.db;
  try {
    await migrateToLatest(db);
    const config = loadConfig({}, { logLevel: 'silent' });
    const services = createServices({ database, config, clock: systemClock });
    await services.areas.ensureReferenceData(systemActor());
    await seedDemoUnits(db, systemClock, systemActor());
    const t0 = performance.now();
    // N incidents over 5 years on the communes of their time, handled by their commune units.
    await sql`
      create temporary table bench_target as
      select j.area_code, j.area_valid_from, j.unit_id, greatest(j.valid_from, '2021-01-01')::date as d0,
             least(coalesce(j.valid_to, '2025-12-31'), '2025-12-31')::date as d1, row_number() over () as k
      from unit_jurisdiction j join unit u on u.id = j.unit_id
      where u.kind = 'commune' and coalesce(j.valid_to, '2025-12-31') >= '2021-01-01'`.execute(db);
    const targets = (await sql<{ n: number }>`select count(*)::int as n from bench_target`.execute(db)).rows[0]!.n;
    const chunk = 100_000;
    for (let start = 0; start < N; start += chunk) {
      const n = Math.min(chunk, N - start);
      await sql`
        insert into incident (id, ref_no, kind, status, title, occurred_at, occurred_on, received_at, area_code, area_valid_from,
          unit_id, category, stat_group, severity, search_key, created_at, updated_at, source, external_id)
        select gen_random_uuid(), 'B-' || g, (array['crime_report','criminal_case','traffic_accident','fire','online_fraud'])[1 + g % 5],
          'received', 'Vụ việc ' || g, ts, (ts at time zone 'Asia/Ho_Chi_Minh')::date, ts + interval '1 hour',
          t.area_code, t.area_valid_from, t.unit_id, (array['173','171','174','134','249','321'])[1 + g % 6], 'trat_tu_xa_hoi', 'it_nghiem_trong',
          'vu viec ' || g, now(), now(), 'bench', g::text
        from (select g, 1 + (g::bigint * 7919) % ${targets} as k from generate_series(${start + 1}::int, ${start + n}::int) g) x
        join bench_target t on t.k = x.k
        cross join lateral (select (t.d0 + ((x.g::bigint * 104729) % (t.d1 - t.d0 + 1))::int)::timestamp at time zone 'Asia/Ho_Chi_Minh'
                            + make_interval(mins => ((x.g::bigint * 37) % 1440)::int) as ts) tt`.execute(db);
    }
    await sql`analyze incident`.execute(db);
    const loaded = (await sql<{ n: number }>`select count(*)::int as n from incident`.execute(db)).rows[0]!.n;
    console.log(`${database.engine}: ${loaded.toLocaleString('en')} incidents loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const admin = systemActor('bench');
    const ward = await db.selectFrom('unit').select(['id', 'path']).where('code', '=', 'CA-00070').executeTakeFirstOrThrow();
    const officer = userActor({ userId: '00000000-0000-0000-0000-000000000001', username: 'bench', fullName: 'bench', unitId: ward.id, unitPath: ward.path, roles: ['officer'], requestId: null });

    // A deep page: a tenth of the way down the whole registry.
    const deepOffset = Math.floor(loaded / 10);
    const at = (await sql<{ occurredAt: Date; id: string }>`
      select occurred_at, id from incident order by occurred_at desc, id desc offset ${deepOffset} limit 1`.execute(db)).rows[0]!;
    const cursor = encodeCursor(at.occurredAt, at.id);
    const area = await db.selectFrom('incident').select('areaCode').where('occurredOn', '>=', '2025-07-01').limit(1).executeTakeFirstOrThrow();

    const rows: [string, { median: number; p95: number }, number][] = [];
    const first = await time(() => services.incidents.list(admin, { limit: 50 }));
    const deep = await time(() => services.incidents.list(admin, { limit: 50, cursor }));
    // Baseline: the same page, same joins, reached with OFFSET instead of the cursor.
    const offsetBaseline = await time(
      () => sql`select i.id, i.ref_no, a.full_name, u.name from incident i
        join area a on a.code = i.area_code and a.valid_from = i.area_valid_from join unit u on u.id = i.unit_id
        order by i.occurred_at desc, i.id desc limit 50 offset ${deepOffset}`.execute(db),
      10,
    );
    const areaPeriod = await time(() => services.incidents.list(admin, { limit: 50, areaCode: area.areaCode, from: '2025-07-01', to: '2025-09-30' }));
    const wardFirst = await time(() => services.incidents.list(officer, { limit: 50 }));
    const search = await time(() => services.incidents.list(admin, { limit: 50, q: 'vu viec 4242' }), 5);
    // Counts (issue 12 item 5). Open crime reports: those of the data's last 90 days, their due dates moved
    // to around today (80 days overdue … 10 days ahead), as a registry with a backlog would hold.
    await sql`update incident set resolution_due = occurred_on + (current_date - date '2025-12-31') + 10
      where kind = 'crime_report' and occurred_on > date '2025-12-31' - 90`.execute(db);
    await sql`analyze incident`.execute(db);
    const open = (await sql<{ n: number }>`select count(*)::int as n from incident where resolution_due is not null`.execute(db)).rows[0]!.n;
    const dueCity = await time(() => services.incidents.dueCounts(admin), 10);
    const dueWard = await time(() => services.incidents.dueCounts(officer), 10);
    const wardTotal = await services.incidents.count(officer, { exact: true });
    const countWard = await time(() => services.incidents.count(officer, {}), 10);
    const countKind = await time(() => services.incidents.count(admin, { kind: 'fire' }), 5);
    const countCity = await time(() => services.incidents.count(admin, {}), 5);
    const exactCity = await time(() => services.incidents.count(admin, { exact: true }), 5);
    const exactKind = await time(() => services.incidents.count(admin, { kind: 'fire', exact: true }), 5);
    const estimate = await services.incidents.count(admin, {});
    const wardEstimate = await services.incidents.count(officer, {});
    const fireEstimate = await services.incidents.count(admin, { kind: 'fire' });
    const fireExact = await services.incidents.count(admin, { kind: 'fire', exact: true });
    const capped = async (cap: number) => time(() => sql`select count(*) from (select 1 from incident i limit ${cap + 1}) s`.execute(db), 5);
    const cap10k = await capped(10_000);
    const cap100k = await capped(100_000);
    const byDueCity = await time(() => services.incidents.list(admin, { limit: 50, sort: 'due' }));
    const byDueWard = await time(() => services.incidents.list(officer, { limit: 50, sort: 'due' }));
    const overdueList = await time(() => services.incidents.list(admin, { limit: 50, sort: 'due', kind: 'crime_report', overdue: true }));
    const said = (c: { count: number; exact: boolean }) => `${c.exact ? '' : '≈ '}${c.count.toLocaleString('en')}`;
    console.log(
      `\ncounts (exact up to ${config.listExactCountUpTo.toLocaleString('en')}): ${open.toLocaleString('en')} open crime reports; ` +
        `city ${said(estimate)} of ${loaded.toLocaleString('en')}; ward ${said(wardEstimate)} of ${wardTotal.count.toLocaleString('en')}; ` +
        `fire ${said(fireEstimate)} of ${fireExact.count.toLocaleString('en')}`,
    );
    const countRows: [string, { median: number; p95: number }][] = [
      ['due counts (city)', dueCity],
      ['due counts (ward)', dueWard],
      ['list total, ward (exact)', countWard],
      ['list total, kind=fire (city)', countKind],
      ['list total, city (capped + estimate)', countCity],
      ['list total, city, exact=true', exactCity],
      ['list total, kind=fire, exact=true', exactKind],
      ['count capped at 10,000', cap10k],
      ['count capped at 100,000', cap100k],
      ['first page sort=due (city)', byDueCity],
      ['first page sort=due (ward)', byDueWard],
      ['overdue list sort=due (city)', overdueList],
    ];
    for (const [name, s] of countRows) console.log(`${name.padEnd(40)}${s.median.toFixed(1).padStart(9)}${s.p95.toFixed(1).padStart(9)}`);
    rows.push(['first page (city)', first, 30], [`deep page (row ${deepOffset.toLocaleString('en')})`, deep, 30], ['area + quarter filter', areaPeriod, 50], ['first page (ward scope)', wardFirst, 30], ['text search (trigram index)', search, 0]);
    console.log('\nquery                         median ms   p95 ms   target');
    for (const [name, s, target] of rows)
      console.log(`${name.padEnd(30)}${s.median.toFixed(1).padStart(9)}${s.p95.toFixed(1).padStart(9)}   ${target ? `≤ ${target} ms ${s.p95 <= target ? '✓' : '✗'}` : '—'}`);
    console.log(`baseline: the same deep page by OFFSET ${deepOffset.toLocaleString('en')}: median ${offsetBaseline.median.toFixed(1)} ms → cursor ${(offsetBaseline.median / deep.median).toFixed(1)}× faster`);
    console.log(`process RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  } finally {
    await database.close();
    await drop();
  }
}

await main();
