/**
 * Statistics engine: the three CompStat questions answered by the service (aggregate tables) and by a
 * GROUP BY over the raw incidents, on a fresh database with N synthetic incidents.
 *
 *   npm run bench stats                                   # PostgreSQL (TEST_DATABASE_URL), N = 1,000,000
 *   node bin/run-ts.mjs bench/stats.bench.ts 10000000     # the 10-million acceptance run (long: loading ≈ 15 min on 2 cores)
 *   node bin/run-ts.mjs bench/stats.bench.ts 1000000 --pglite
 *   BENCH_KEEP=1 node bin/run-ts.mjs bench/stats.bench.ts 10000000  # keep the PostgreSQL database; prints its name
 *   BENCH_REUSE=<database> node bin/run-ts.mjs bench/stats.bench.ts  # measure again on a kept database, no loading
 *
 * Incidents: 5 years to the reference day, ~3,300 communes (the national list of 2025-07-01; every incident
 * is placed on it, a simplification that does not change the work of the queries), 60 categories with their
 * kinds, groups and severities, a station per commune handling 85% of its incidents and 10 city
 * departments the rest. Loaded with INSERT … SELECT … generate_series with the statistics triggers off,
 * then `rebuild`. Times are server-side (service call or SQL round trip in-process), median and p95 of 20 runs.
 */
import { sql, type RawBuilder } from 'kysely';
import { ARTICLES as PENAL_ARTICLES, severityOf, statisticalGroupOf } from '../src/domain/law/penal-code';
import { createServices } from '../src/server/app';
import { systemActor } from '../src/server/platform/actor';
import { FixedClock } from '../src/server/platform/clock';
import { loadConfig } from '../src/server/platform/config';
import { migrateToLatest } from '../src/server/platform/db/migrator';
import { StatsService } from '../src/server/modules/stats/stats.service';
import { existingDatabase, freshDatabase } from './support';
import type { Services } from '../src/server/app';
import type { Actor } from '../src/server/platform/actor';
import type { Db } from '../src/server/platform/db/database';
import { addDays, addYears } from '../src/domain/calendar/dates';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d/.test(a)) ?? 1e6);
const ENGINE = args.includes('--pglite') ? 'pglite' : 'postgres';
const RUNS = 20;
const TODAY = '2026-03-09';
/**
 * Rows asked for, as the screens ask: the grid is ranked (largest current count first) and a page of it is
 * shown with the totals of every cell; the dashboard's unit table asks for 1,000 units. Both sides of the
 * comparison rank and cut the same way.
 */
const GRID_PAGE = 200;
const UNIT_PAGE = 1000;

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

const fresh = () => freshDatabase(ENGINE);

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! };
}

async function time(fn: () => Promise<unknown>) {
  await fn(); // warm
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return stats(xs);
}

/** Units, categories and N incidents (statistics triggers off while loading, then `rebuild`). */
async function load(db: Db, services: Services, actor: Actor): Promise<void> {
  // Units: the city, 10 departments, a station per commune of the current generation.
  await sql`insert into unit (id, code, name, parent_id, path, kind, city_wide)
    values ('00000000-0000-0000-0000-000000000001', 'CATP', 'Công an thành phố', null, '/00000000-0000-0000-0000-000000000001/', 'city', true)`.execute(db);
  await sql`insert into unit (id, code, name, parent_id, path, kind, city_wide)
    select id, 'PC' || g, 'Phòng ' || g, '00000000-0000-0000-0000-000000000001', '/00000000-0000-0000-0000-000000000001/' || id || '/', 'department', true
    from (select g, gen_random_uuid() as id from generate_series(1, 10) g) x`.execute(db);
  await sql`create table bench_area as
    select (row_number() over (order by code)) - 1 as i, code, valid_from, gen_random_uuid() as unit_id
    from area where level = 3 and valid_to is null and type <> 'foreign'`.execute(db);
  await sql`insert into unit (id, code, name, parent_id, path, kind)
    select unit_id, 'CA-' || code, 'Công an xã ' || code, '00000000-0000-0000-0000-000000000001', '/00000000-0000-0000-0000-000000000001/' || unit_id || '/', 'commune'
    from bench_area`.execute(db);
  await sql`create table bench_dept as select (row_number() over (order by id)) - 1 as i, id from unit where kind = 'department'`.execute(db);
  const communes = Number((await sql<{ n: number }>`select count(*)::int as n from bench_area`.execute(db)).rows[0]!.n);

  // 60 categories: 44 Penal Code articles (cases and reports), traffic, 5 fire premises, 10 fraud channels.
  const crimeArticles = PENAL_ARTICLES.filter((a) => a.clauses && a.clauses.length && statisticalGroupOf(a.article).ok).slice(0, 44);
  const cats: { kind: string; category: string; group: string | null; severity: string | null }[] = [];
  for (const a of crimeArticles) {
    const sev = severityOf(a.article, 1, TODAY);
    const grp = statisticalGroupOf(a.article);
    cats.push({ kind: 'crime', category: a.article, group: grp.ok ? grp.value : null, severity: sev.ok ? sev.value : null });
  }
  cats.push({ kind: 'traffic_accident', category: 'traffic', group: null, severity: null });
  for (const p of ['nha_o', 'kinh_doanh', 'xe', 'kho', 'cho']) cats.push({ kind: 'fire', category: p, group: null, severity: null });
  for (const c of ['Zalo', 'Facebook', 'Telegram', 'TikTok', 'Shopee', 'SMS', 'Goi_dien', 'Website', 'Email', 'Khac']) cats.push({ kind: 'online_fraud', category: c, group: null, severity: null });
  await sql`create table bench_cat (i int, kind text, category text, stat_group text, severity text)`.execute(db);
  await db
    .insertInto('benchCat' as never)
    .values(cats.map((c, i) => ({ i, kind: c.kind, category: c.category, statGroup: c.group, severity: c.severity })) as never)
    .execute();

  // Incidents, in chunks, statistics triggers off (rebuilt below).
  const from = addYears(TODAY, -5);
  const days = Math.round((Date.parse(TODAY) - Date.parse(from)) / 86_400_000);
  await sql`alter table incident disable trigger stat_incident_ins`.execute(db);
  const t0 = performance.now();
  const CHUNK = ENGINE === 'pglite' ? 200_000 : 1_000_000;
  for (let start = 0; start < N; start += CHUNK) {
    const end = Math.min(N, start + CHUNK);
    await sql`
      insert into incident (id, ref_no, kind, status, title, occurred_at, occurred_on, received_at, area_code, area_valid_from,
        unit_id, category, article, clause, severity, stat_group, cleared, decided_on, decided_late, deaths, injuries, damage_vnd,
        traffic_severity, amount_lost_vnd, source, search_key, created_at, updated_at)
      select gen_random_uuid(), 'B-' || g, k.kind, 'received', 'bench', r.at, (r.at + interval '7 hours')::date, r.at + interval '2 hours',
        a.code, a.valid_from,
        case when r.u < 0.85 then a.unit_id else d.id end,
        c.category, case when c.kind = 'crime' then c.category end, case when c.kind = 'crime' then 1 end,
        c.severity, c.stat_group,
        k.kind = 'criminal_case' and r.u2 < 0.7,
        case when k.kind = 'crime_report' and r.u2 < 0.9 then (r.at + interval '7 hours')::date + 10 end,
        case when k.kind = 'crime_report' and r.u2 < 0.9 then r.u2 < 0.05 end,
        case when c.kind in ('traffic_accident', 'fire') then (r.u2 * 2)::int end,
        case when c.kind in ('traffic_accident', 'fire') then (r.u * 3)::int end,
        case when c.kind = 'fire' then (r.u2 * 1e9)::numeric(18,0) end,
        case when c.kind = 'traffic_accident' then (array['va_cham','it_nghiem_trong','nghiem_trong'])[1 + (r.u2 * 2.99)::int] end,
        case when c.kind = 'online_fraud' then (r.u2 * 5e8)::numeric(18,0) end,
        'bench', 'bench', r.at, r.at
      from (
        select g,
          ${`${from}T00:00:00+07:00`}::timestamptz + interval '1 day' * floor(random() * ${days}) + interval '1 second' * (random() * 86400) as at,
          floor(power(random(), 1.6) * ${communes})::int as ai,
          floor(random() * ${cats.length})::int as ci,
          floor(random() * 10)::int as di,
          random() as u, random() as u2, random() as uk
        from generate_series(${start + 1}::int, ${end}::int) g
      ) r
      join bench_area a on a.i = r.ai
      join bench_cat c on c.i = r.ci
      join bench_dept d on d.i = r.di
      cross join lateral (select case when c.kind <> 'crime' then c.kind when r.uk < 0.55 then 'criminal_case' else 'crime_report' end as kind) k
    `.execute(db);
    process.stdout.write(`  loaded ${end.toLocaleString('en')} (${secs(t0)})\n`);
  }
  await sql`alter table incident enable trigger stat_incident_ins`.execute(db);
  await sql`analyze incident`.execute(db);
  const tr = performance.now();
  const counts = await services.stats.rebuild(actor);
  console.log(`  rebuild: ${secs(tr)} — ${Object.entries(counts).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
  await sql`analyze`.execute(db);
}

async function main() {
  console.log(`stats bench: ${ENGINE}, N = ${N.toLocaleString('en')}`);
  const reuse = process.env.BENCH_REUSE;
  const { database, drop, name } = reuse ? await existingDatabase(reuse) : await fresh();
  const db = database.db;
  try {
    await migrateToLatest(db);
    const clock = new FixedClock(new Date(`${TODAY}T05:00:00Z`));
    const config = loadConfig({}, { logLevel: 'silent' });
    const services = createServices({ database, config, clock });
    const actor = systemActor('bench');
    await services.areas.ensureReferenceData(actor);

    if (!reuse) await load(db, services, actor);

    // The three questions.
    const cur28 = { start: addDays(TODAY, -27), end: TODAY };
    const prev28 = { start: addYears(cur28.start, -1), end: addYears(cur28.end, -1) };
    const ytd = { start: `${TODAY.slice(0, 4)}-01-01`, end: TODAY };
    const lastYtd = { start: addYears(ytd.start, -1), end: addYears(ytd.end, -1) };
    const inst = (d: string) => `${d}T00:00:00+07:00`;
    const instEnd = (d: string) => `${addDays(d, 1)}T00:00:00+07:00`;

    /** The grid as a GROUP BY over the raw incidents: every cell, the first page by current count, the totals. */
    const rawGrid = async (areas: RawBuilder<unknown>) =>
      (
        await sql`with g as (select area_code, area_valid_from, category,
            count(*) filter (where occurred_at >= ${inst(cur28.start)}::timestamptz) as cur,
            count(*) filter (where occurred_at < ${instEnd(prev28.end)}::timestamptz) as prev
          from incident
          where ((occurred_at >= ${inst(cur28.start)}::timestamptz and occurred_at < ${instEnd(cur28.end)}::timestamptz)
             or (occurred_at >= ${inst(prev28.start)}::timestamptz and occurred_at < ${instEnd(prev28.end)}::timestamptz))
            and ${areas}
          group by 1, 2, 3)
        select * from (select * from g order by cur desc, area_code, area_valid_from, category limit ${GRID_PAGE}) top
        union all select null, null, null, sum(cur), sum(prev) from g`.execute(db)
      ).rows;

    // The window tables (migration 0011) are filled by the first question of the day, and moved by the first
    // question of the next day: both timed once, from an empty state.
    const gridQ = { metric: 'incidents', period: 'rolling_28', date: TODAY, comparison: 'same_period', breakdown: 'area', by2: 'category', limit: GRID_PAGE } as never;
    await sql`update stat_window set anchor = null, c_from = null, c_to = null, p_from = null, p_to = null`.execute(db);
    await sql`truncate stat_win_area_category, stat_win_area_category_total, stat_win_unit`.execute(db);
    let t0 = performance.now();
    await services.stats.query(actor, gridQ);
    const fill = performance.now() - t0;
    clock.set(new Date(`${addDays(TODAY, 1)}T05:00:00Z`));
    t0 = performance.now();
    await services.stats.query(actor, { ...(gridQ as object), date: addDays(TODAY, 1) } as never);
    const move = performance.now() - t0;
    clock.set(new Date(`${TODAY}T05:00:00Z`));
    await services.stats.query(actor, gridQ);
    const windowRows = await sql<{ t: string; n: number }>`
      select 'stat_win_area_category' as t, count(*)::int as n from stat_win_area_category union all select 'stat_win_unit', count(*)::int from stat_win_unit`.execute(db);
    console.log(`\nwindows: filled in ${(fill / 1000).toFixed(2)} s (${windowRows.rows.map((r) => `${r.t} ${r.n.toLocaleString('en')} rows`).join(', ')}), moved by one day in ${(move / 1000).toFixed(2)} s (first question of the day, answer included)`);

    // The same service without the window tables: the day and month tables answer (what the windows replace).
    const dayTables = new StatsService({ db, clock, units: services.units, areas: services.areas, events: services.events, useWindows: false });

    const questions: { name: string; target: string; service: (st: StatsService) => Promise<{ rows: unknown[]; sources: string[] }>; raw: () => Promise<unknown[]> }[] = [
      {
        name: 'CompStat grid: commune × category, 28 days vs same window last year',
        target: '≥ 2×',
        service: (st) =>
          st.query(actor, { metric: 'incidents', period: 'rolling_28', date: TODAY, comparison: 'same_period', breakdown: 'area', by2: 'category', limit: GRID_PAGE } as never),
        raw: () => rawGrid(sql`true`),
      },
      {
        name: 'CompStat grid of one city: Hà Nội’s communes × category, 28 days vs same window last year',
        target: '≥ 2×',
        service: (st) =>
          st.query(actor, { metric: 'incidents', period: 'rolling_28', date: TODAY, comparison: 'same_period', breakdown: 'area', by2: 'category', areaCode: '01', limit: GRID_PAGE } as never),
        raw: () => rawGrid(sql`(area_code, area_valid_from) in (select code, valid_from from area where province_code = '01' and level = 3)`),
      },
      {
        name: '5-year monthly trend of criminal cases by group',
        target: '≥ 20×',
        service: (st) =>
          st.query(actor, { metric: 'crime_cases', period: 'custom', from: addDays(addYears(TODAY, -5), 1), to: TODAY, comparison: 'none', breakdown: 'month', by2: 'stat_group', limit: 5000 } as never),
        raw: async () =>
          (
            await sql`select to_char(occurred_on, 'YYYY-MM'), stat_group, count(*) from incident
              where kind = 'criminal_case' and occurred_on between ${addDays(addYears(TODAY, -5), 1)} and ${TODAY} group by 1, 2`.execute(db)
          ).rows,
      },
      {
        name: 'Clearance by unit, YTD vs last YTD',
        target: '≥ 20×',
        service: (st) => st.query(actor, { metric: 'clearance_rate', period: 'ytd', date: TODAY, comparison: 'same_period', breakdown: 'unit', by2: 'none', limit: UNIT_PAGE } as never),
        raw: async () =>
          (
            await sql`select unit_id,
                count(*) filter (where occurred_on >= ${ytd.start}) as n, count(*) filter (where occurred_on >= ${ytd.start} and cleared) as c,
                count(*) filter (where occurred_on <= ${lastYtd.end}) as pn, count(*) filter (where occurred_on <= ${lastYtd.end} and cleared) as pc
              from incident
              where kind = 'criminal_case' and (occurred_on between ${ytd.start} and ${ytd.end} or occurred_on between ${lastYtd.start} and ${lastYtd.end})
              group by 1
              order by count(*) filter (where occurred_on >= ${ytd.start} and cleared)::float8 / nullif(count(*) filter (where occurred_on >= ${ytd.start}), 0) desc nulls last, unit_id
              limit ${UNIT_PAGE}`.execute(db)
          ).rows,
      },
    ];
    console.log('\n| question | service median / p95 | answered from | day & month tables median | raw GROUP BY median / p95 | ratio (median) | target | rows |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const q of questions) {
      const answer = await q.service(services.stats);
      const s = await time(() => q.service(services.stats));
      const plain = await time(() => q.service(dayTables));
      const r = await time(q.raw);
      console.log(
        `| ${q.name} | ${s.median.toFixed(1)} / ${s.p95.toFixed(1)} ms | ${answer.sources.join(', ')} | ${plain.median.toFixed(1)} ms | ${r.median.toFixed(1)} / ${r.p95.toFixed(1)} ms | **${(r.median / s.median).toFixed(1)}×** | ${q.target}, ≤ ${ENGINE === 'pglite' ? 50 : 20} ms | ${answer.rows.length} |`,
      );
    }
    const size = await sql<{ t: string; s: string }>`
      select relname as t, pg_size_pretty(pg_total_relation_size(oid)) as s from pg_class
      where relname in ('incident', 'stat_day_kind', 'stat_month_kind', 'stat_day_unit', 'stat_month_unit', 'stat_day_area', 'stat_month_area', 'stat_month_hour_weekday',
        'stat_win_area_category', 'stat_win_area_category_total', 'stat_win_unit') order by relname`.execute(db);
    console.log(`\nsizes: ${size.rows.map((r) => `${r.t} ${r.s}`).join(', ')}`);
    console.log(`process RSS: ${mb(process.memoryUsage().rss)}`);
  } finally {
    if (reuse || process.env.BENCH_KEEP) {
      console.log(`kept the database ${name}`);
      await database.close();
    } else await drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
