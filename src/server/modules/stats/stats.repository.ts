import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * SQL of the statistics engine. A question is answered by one query: a UNION ALL of parts, each part one
 * source table over one date range (whole months from a month table, the days at the edges from a day
 * table), grouped again outside.
 */

export type Dim = 'area' | 'unit' | 'kind' | 'stat_group' | 'category' | 'severity' | 'hour' | 'weekday';
export type Measure = 'n' | 'cleared' | 'n_ta' | 'cleared_ta' | 'decided' | 'decided_in_time' | 'deaths' | 'injuries' | 'damage' | 'amount_lost';

export interface Source {
  table: string;
  grain: 'day' | 'month';
  dims: ReadonlySet<Dim>;
  /** Rows per day is small: prefer it over a month table. */
  compact: boolean;
}

const TRONG_AN = sql`('rat_nghiem_trong','dac_biet_nghiem_trong')`;

/** In preference order. The raw table has every dimension and is the last resort. */
export const DAY_SOURCES: readonly Source[] = [
  { table: 'stat_day_kind', grain: 'day', dims: new Set(['kind', 'stat_group']), compact: true },
  { table: 'stat_day_unit', grain: 'day', dims: new Set(['unit', 'kind', 'stat_group']), compact: false },
  { table: 'stat_day_area', grain: 'day', dims: new Set(['area', 'unit', 'kind', 'stat_group', 'category', 'severity']), compact: false },
  { table: 'incident', grain: 'day', dims: new Set(['area', 'unit', 'kind', 'stat_group', 'category', 'severity', 'hour', 'weekday']), compact: false },
];
/** The raw table as a source (hot-spot grids, the differential oracle's last resort). */
export const INCIDENT_SOURCE: Source = DAY_SOURCES.at(-1)!;

export const MONTH_SOURCES: readonly Source[] = [
  { table: 'stat_month_unit', grain: 'month', dims: new Set(['unit', 'kind', 'stat_group']), compact: false },
  { table: 'stat_month_hour_weekday', grain: 'month', dims: new Set(['hour', 'weekday', 'kind', 'stat_group']), compact: false },
  { table: 'stat_month_area', grain: 'month', dims: new Set(['area', 'unit', 'kind', 'stat_group', 'category', 'severity']), compact: false },
];

const RAW_DIM: Record<Dim | 'day', RawBuilder<unknown>> = {
  day: sql`occurred_on`,
  area: sql`area_code`,
  unit: sql`unit_id`,
  kind: sql`kind`,
  stat_group: sql`coalesce(stat_group, '')`,
  category: sql`coalesce(category, '')`,
  severity: sql`coalesce(severity, traffic_severity, '')`,
  hour: sql`(((extract(epoch from occurred_at)::bigint + 25200) / 3600) % 24)`,
  weekday: sql`extract(isodow from occurred_on)`,
};
const RAW_MEASURE: Record<Measure, RawBuilder<unknown>> = {
  n: sql`count(*)`,
  cleared: sql`count(*) filter (where cleared)`,
  n_ta: sql`count(*) filter (where severity in ${TRONG_AN})`,
  cleared_ta: sql`count(*) filter (where cleared and severity in ${TRONG_AN})`,
  decided: sql`count(decided_on)`,
  decided_in_time: sql`count(*) filter (where decided_on is not null and not coalesce(decided_late, false))`,
  deaths: sql`coalesce(sum(deaths), 0)`,
  injuries: sql`coalesce(sum(injuries), 0)`,
  damage: sql`coalesce(sum(damage_vnd), 0)`,
  amount_lost: sql`coalesce(sum(amount_lost_vnd), 0)`,
};

export function dimExpr(source: Source, dim: Dim | 'day'): RawBuilder<unknown> {
  if (source.table === 'incident') return RAW_DIM[dim];
  if (dim === 'area') return sql`area_code`;
  if (dim === 'unit') return sql`unit_id`;
  return sql.ref(dim);
}

export function measureExpr(source: Source, m: Measure): RawBuilder<unknown> {
  return source.table === 'incident' ? RAW_MEASURE[m] : sql`sum(${sql.ref(m)})`;
}

/** The date column of a source (occurrence day, or the first day of the month). */
export function timeExpr(source: Source): RawBuilder<unknown> {
  return source.table === 'incident' ? sql`occurred_on` : source.grain === 'day' ? sql`day` : sql`month`;
}

export interface Part {
  source: Source;
  /** 'c' current period, 'p' comparison. */
  side: 'c' | 'p';
  /** Inclusive; for month sources the first days of the first and last month. */
  from: string;
  to: string;
}

export interface Key {
  name: string;
  expr: (s: Source) => RawBuilder<unknown>;
}

const camelCase = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Rank the cells in SQL and return the rows of the first `limit` only (largest current value first). */
export interface Rank {
  limit: number;
  num: Measure;
  /** Rates: rank by num / den (cells with den = 0 last). */
  den?: Measure;
}

export interface PartsResult {
  /** (side, keys…, measures…) rows, grouped. */
  rows: Record<string, unknown>[];
  /** With `rank`: the sums over every cell per side, and how many cells there were. */
  totals?: Record<'c' | 'p', Partial<Record<Measure, number>>>;
  cells?: number;
}

export async function runParts(
  db: Q,
  parts: readonly Part[],
  keys: readonly Key[],
  measures: readonly Measure[],
  where: (s: Source) => RawBuilder<boolean>,
  rank?: Rank,
): Promise<PartsResult> {
  const keyNames = keys.map((k) => sql.ref(k.name));
  const selects = parts.map((p) => {
    const t = timeExpr(p.source);
    const keySel = keys.map((k) => sql`${k.expr(p.source)}::text as ${sql.ref(k.name)}`);
    const groupBy = keys.length ? sql`group by ${sql.join(keys.map((_, i) => sql.raw(String(i + 2))))}` : sql``;
    return sql`select ${sql.lit(p.side)} as side${keys.length ? sql`, ${sql.join(keySel)}` : sql``},
      ${sql.join(measures.map((m) => sql`${measureExpr(p.source, m)} as ${sql.ref(m)}`))}
      from ${sql.table(p.source.table)}
      where ${t} between ${p.from} and ${p.to} and ${where(p.source)}
      ${groupBy}`;
  });
  const grouped = sql`
    select side${keys.length ? sql`, ${sql.join(keyNames)}` : sql``},
      ${sql.join(measures.map((m) => sql`sum(${sql.ref(m)})::float8 as ${sql.ref(m)}`))}
    from (${sql.join(selects, sql` union all `)}) x
    group by side${keys.length ? sql`, ${sql.join(keyNames)}` : sql``}`;
  if (!rank || keys.length === 0) return { rows: (await sql<Record<string, unknown>>`${grouped}`.execute(db)).rows };

  // One round trip: the grouped rows of the top cells, then one row per side with the sums of all cells and
  // the number of cells (side 'C' / 'P'; `cells` on both).
  const cur = (m: Measure) => sql`sum(${sql.ref(m)}) filter (where side = 'c')`;
  const score = rank.den ? sql`${cur(rank.num)} / nullif(${cur(rank.den)}, 0)` : cur(rank.num);
  const keyOrder = sql.join(keys.map((k) => sql`${sql.ref(k.name)} collate "C"`));
  const nullKeys = sql.join(keys.map((k) => sql`null::text as ${sql.ref(k.name)}`));
  const sums = sql.join(measures.map((m) => sql`sum(${sql.ref(m)})::float8 as ${sql.ref(m)}`));
  const q = sql<Record<string, unknown>>`
    with g as (${grouped}),
    top as (select ${sql.join(keyNames)} from g group by ${sql.join(keyNames)} order by ${score} desc nulls last, ${keyOrder} limit ${rank.limit}),
    n as (select count(*)::int as cells from (select 1 from g group by ${sql.join(keyNames)}) k)
    select g.*, null::int as cells from g join top using (${sql.join(keyNames)})
    union all
    select upper(side), ${nullKeys}, ${sums}, (select cells from n) from g group by side
    union all
    select 'N', ${nullKeys}, ${sql.join(measures.map(() => sql`null::float8`))}, (select cells from n)`;
  const all = (await q.execute(db)).rows;
  const totals: NonNullable<PartsResult['totals']> = { c: {}, p: {} };
  let cells = 0;
  const rows: Record<string, unknown>[] = [];
  for (const r of all) {
    if (r.side === 'C' || r.side === 'P' || r.side === 'N') {
      cells = Number(r.cells ?? 0);
      // Result columns come back camelCased (the Kysely plugin), as the service reads them.
      if (r.side !== 'N') for (const m of measures) totals[r.side === 'C' ? 'c' : 'p'][m] = Number(r[camelCase(m)] ?? 0);
    } else rows.push(r);
  }
  return { rows, totals, cells };
}

/** Incidents per grid cell (row = ⌊lat / dLat⌋, col = ⌊lon / dLon⌋; null: no point) over occurrence dates. */
export async function gridCounts(
  db: Q,
  q: { from: string; to: string; dLon: number; dLat: number; where: RawBuilder<boolean> },
): Promise<{ row: number | null; col: number | null; n: number }[]> {
  const r = await sql<{ row: number | null; col: number | null; n: number }>`
    select floor(lat / ${q.dLat}::float8)::int as row, floor(lon / ${q.dLon}::float8)::int as col, count(*)::int as n
    from incident
    where occurred_on between ${q.from} and ${q.to} and ${q.where}
    group by 1, 2`.execute(db);
  return r.rows;
}

export interface TargetRow {
  metric: string;
  op: string;
  value: number;
  labelVi: string;
  labelEn: string;
  source: string;
}

export async function targets(db: Q): Promise<TargetRow[]> {
  const r = await sql<TargetRow>`select metric, op, value::float8 as value, label_vi as "labelVi", label_en as "labelEn", source from stat_target order by metric`.execute(db);
  return r.rows;
}

export async function updateTarget(db: Q, metric: string, t: { op: string; value: number; labelVi?: string; labelEn?: string; source?: string }, now: Date) {
  await sql`update stat_target set op = ${t.op}, value = ${t.value},
      label_vi = coalesce(${t.labelVi ?? null}, label_vi), label_en = coalesce(${t.labelEn ?? null}, label_en),
      source = coalesce(${t.source ?? null}, source), updated_at = ${now}
    where metric = ${metric}`.execute(db);
}

export async function unitNames(db: Q, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The aggregate tables (each has a view stat_raw_<suffix> with the same rows computed from `incident`). */
export const AGGREGATE_TABLES = ['stat_day_kind', 'stat_day_unit', 'stat_month_unit', 'stat_day_area', 'stat_month_area', 'stat_month_hour_weekday'] as const;
export const MEASURES: readonly Measure[] = ['n', 'cleared', 'n_ta', 'cleared_ta', 'decided', 'decided_in_time', 'deaths', 'injuries', 'damage', 'amount_lost'];

async function keyColumns(db: Q, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select a.attname as name
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Empties the aggregates and fills them from the raw incidents, in the caller's transaction. */
export async function rebuild(trx: Transaction<DB>): Promise<Record<string, number>> {
  // Writers wait until the rebuild commits; their triggers then add their own rows on top.
  await sql`lock table incident in share mode`.execute(trx);
  await sql.raw(`truncate ${AGGREGATE_TABLES.join(', ')}`).execute(trx);
  const out: Record<string, number> = {};
  for (const t of AGGREGATE_TABLES) {
    // In time order, so that a period's cells sit together on disk.
    const r = await sql.raw(`insert into ${t} select * from stat_raw_${t.slice(5)} order by 1`).execute(trx);
    out[t] = Number(r.numAffectedRows ?? 0);
  }
  return out;
}

export interface CheckResult {
  table: string;
  rows: number;
  differences: number;
  samples: Record<string, unknown>[];
}

/** Compares every aggregate with the raw GROUP BY (its view); differences are cells missing, extra or unequal. */
export async function check(db: Q): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const t of AGGREGATE_TABLES) {
    const keys = await keyColumns(db, t);
    const using = sql.raw(keys.join(', '));
    const differs = sql.join(MEASURES.map((m) => sql`r.${sql.ref(m)} is distinct from s.${sql.ref(m)}`), sql` or `);
    const diff = sql`from ${sql.table(`stat_raw_${t.slice(5)}`)} r full join ${sql.table(t)} s using (${using}) where ${differs}`;
    const [count, rows, samples] = await Promise.all([
      sql<{ n: number }>`select count(*)::int as n ${diff}`.execute(db),
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db),
      sql<Record<string, unknown>>`select ${using}, ${sql.join(MEASURES.map((m) => sql`r.${sql.ref(m)} as ${sql.ref(`raw_${m}`)}, s.${sql.ref(m)} as ${sql.ref(`agg_${m}`)}`))} ${diff} limit 5`.execute(db),
    ]);
    out.push({ table: t, rows: rows.rows[0]!.n, differences: count.rows[0]!.n, samples: samples.rows });
  }
  return out;
}
