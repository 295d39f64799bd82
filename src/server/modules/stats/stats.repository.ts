import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * SQL of the statistics engine. A question is answered by one query: a UNION ALL of parts, each part one
 * source table over one date range (whole months from a month table, the days at the edges from a day
 * table), grouped again outside.
 */

export type Dim = 'area' | 'unit' | 'kind' | 'stat_group' | 'category' | 'severity' | 'hour' | 'weekday';
export type Measure =
  | 'n'
  | 'cleared'
  | 'n_ta'
  | 'cleared_ta'
  | 'decided'
  | 'decided_in_time'
  | 'deaths'
  | 'injuries'
  | 'damage'
  | 'amount_lost';

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
  { table: 'stat_day_unit', grain: 'day', dims: new Set(['unit', 'kind']), compact: false },
  {
    table: 'stat_day_area',
    grain: 'day',
    dims: new Set(['area', 'unit', 'kind', 'stat_group', 'category', 'severity']),
    compact: false,
  },
  {
    table: 'incident',
    grain: 'day',
    dims: new Set(['area', 'unit', 'kind', 'stat_group', 'category', 'severity', 'hour', 'weekday']),
    compact: false,
  },
];
/** The raw table as a source (hot-spot grids, the differential oracle's last resort). */
export const INCIDENT_SOURCE: Source = DAY_SOURCES.at(-1)!;

export const MONTH_SOURCES: readonly Source[] = [
  { table: 'stat_month_kind', grain: 'month', dims: new Set(['kind', 'stat_group']), compact: true },
  { table: 'stat_month_unit', grain: 'month', dims: new Set(['unit', 'kind']), compact: false },
  {
    table: 'stat_month_hour_weekday',
    grain: 'month',
    dims: new Set(['hour', 'weekday', 'kind', 'stat_group']),
    compact: false,
  },
  {
    table: 'stat_month_area',
    grain: 'month',
    dims: new Set(['area', 'unit', 'kind', 'stat_group', 'category', 'severity']),
    compact: false,
  },
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
/** Per raw incident row: a condition counted (count(*) filter) or a value summed. */
const RAW_MEASURE: Record<Measure, { count: RawBuilder<unknown> } | { sum: RawBuilder<unknown> }> = {
  n: { count: sql`true` },
  cleared: { count: sql`cleared` },
  n_ta: { count: sql`severity in ${TRONG_AN}` },
  cleared_ta: { count: sql`cleared and severity in ${TRONG_AN}` },
  decided: { count: sql`decided_on is not null` },
  decided_in_time: { count: sql`decided_on is not null and not coalesce(decided_late, false)` },
  deaths: { sum: sql`deaths` },
  injuries: { sum: sql`injuries` },
  damage: { sum: sql`damage_vnd` },
  amount_lost: { sum: sql`amount_lost_vnd` },
};

export function dimExpr(source: Source, dim: Dim | 'day'): RawBuilder<unknown> {
  if (source.table === 'incident') return RAW_DIM[dim];
  if (dim === 'area') return sql`area_code`;
  if (dim === 'unit') return sql`unit_id`;
  return sql.ref(dim);
}

/**
 * The measure summed over the rows of a source that satisfy `cond`, as float8: sums of sums would otherwise
 * be numeric, several times slower to add and compare (exact below 2^53, far above any count or VND total).
 */
export function measureExpr(source: Source, m: Measure, cond: RawBuilder<unknown> = sql`true`): RawBuilder<unknown> {
  if (source.table !== 'incident') return sql`coalesce(sum(${sql.ref(m)}) filter (where ${cond}), 0)::float8`;
  const r = RAW_MEASURE[m];
  return 'count' in r
    ? sql`(count(*) filter (where ${cond} and ${r.count}))::float8`
    : sql`coalesce(sum(${r.sum}) filter (where ${cond}), 0)::float8`;
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
  /** Rates: cells with fewer cases (den) than this after all the others (small numbers, listed apart). */
  minDen?: number;
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
  // One scan per source table: its parts (current and comparison, whole months or edge days) become
  // conditions on its date column, and each measure is summed per side with a FILTER. Cells come out as one
  // row with both sides (c_<m>, p_<m>, and c_present / p_present: how many source rows each side had).
  const sides = (['c', 'p'] as const).filter((side) => parts.some((p) => p.side === side));
  const bySource = new Map<string, Part[]>();
  for (const p of parts) bySource.set(p.source.table, [...(bySource.get(p.source.table) ?? []), p]);
  const col = (side: string, m: string) => sql.ref(`${side}_${m}`);
  const measureCols = (f: (side: 'c' | 'p', m: Measure | 'present') => RawBuilder<unknown>) =>
    sql.join(
      sides.flatMap((side) => [...measures, 'present' as const].map((m) => sql`${f(side, m)} as ${col(side, m)}`)),
    );
  // Keys in their own types (a union of tables agrees on them: same columns, or wider numbers on the raw
  // table), as text in the result (the service reads strings).
  const multi = bySource.size > 1;
  const selects = [...bySource.values()].map((ps) => {
    const source = ps[0]!.source;
    const t = timeExpr(source);
    const sideCond = (side: 'c' | 'p') => {
      const ranges = ps.filter((p) => p.side === side).map((p) => sql`${t} between ${p.from} and ${p.to}`);
      return ranges.length ? sql`(${sql.join(ranges, sql` or `)})` : sql`false`;
    };
    const keySel = keys.map((k) => sql`${k.expr(source)} as ${sql.ref(k.name)}`);
    const groupBy = keys.length ? sql`group by ${sql.join(keys.map((_, i) => sql.raw(String(i + 1))))}` : sql``;
    return sql`select ${keys.length ? sql`${sql.join(keySel)}, ` : sql``}
      ${measureCols((side, m) => (m === 'present' ? sql`count(*) filter (where ${sideCond(side)})` : measureExpr(source, m, sideCond(side))))}
      from ${sql.table(source.table)}
      where (${sql.join(
        ps.map((p) => sql`${t} between ${p.from} and ${p.to}`),
        sql` or `,
      )}) and ${where(source)}
      ${groupBy}`;
  });
  const keyNames = keys.map((k) => sql.ref(k.name));
  const keyText = keys.map((k) => sql`${sql.ref(k.name)}::text as ${sql.ref(k.name)}`);
  const cells = multi
    ? sql`select ${keys.length ? sql`${sql.join(keyNames)}, ` : sql``}${measureCols((side, m) => sql`sum(${col(side, m)})`)}
        from (${sql.join(selects, sql` union all `)}) x
        ${keys.length ? sql`group by ${sql.join(keyNames)}` : sql``}`
    : selects[0]!;
  const floatCols = measureCols((side, m) => sql`${col(side, m)}::float8`);
  const toRows = (all: Record<string, unknown>[]) =>
    sideRows(
      all,
      sides,
      keys.map((k) => k.name),
      measures,
    );
  if (!rank || keys.length === 0) {
    const q = sql<
      Record<string, unknown>
    >`select ${keys.length ? sql`${sql.join(keyText)}, ` : sql``}${floatCols} from (${cells}) g`;
    return { rows: toRows((await q.execute(db)).rows) };
  }

  // One round trip: the first `limit` cells by their current value, then one row (no keys) with the sums over
  // every cell and the number of cells.
  const cur = (m: Measure) => col('c', m);
  const score = !sides.includes('c')
    ? sql`null::float8`
    : rank.den
      ? sql`${cur(rank.num)} / nullif(${cur(rank.den)}, 0)`
      : cur(rank.num);
  const keyOrder = sql.join(keys.map((k) => sql`${sql.ref(k.name)}::text collate "C"`));
  const few = sides.includes('c') && rank.den && rank.minDen ? sql`(${cur(rank.den)} < ${rank.minDen}), ` : sql``;
  const q = sql<Record<string, unknown>>`
    with g as materialized (${cells})
    (select ${sql.join(keyText)}, ${floatCols}, null::int as cells from g order by ${few}${score} desc nulls last, ${keyOrder} limit ${rank.limit})
    union all
    select ${sql.join(keys.map((k) => sql`null::text as ${sql.ref(k.name)}`))}, ${measureCols((side, m) => sql`sum(${col(side, m)})::float8`)}, count(*)::int from g`;
  const all = (await q.execute(db)).rows;
  // The sums row is the one that carries the number of cells (never null there, always null on a cell).
  const at = all.findIndex((r) => r.cells !== null && r.cells !== undefined);
  const last = all.splice(at, 1)[0]!;
  return { rows: toRows(all), totals: sideTotals(last, sides, measures), cells: Number(last.cells ?? 0) };
}

/**
 * Rows with both sides of a cell (c_<m>, p_<m>, c_present, p_present; camel-cased by the driver plugin) as one
 * row per side present: (side, keys…, measures…). Names are worked out once, not per row (a ranked unit
 * table is a thousand rows).
 */
export function sideRows(
  all: readonly Record<string, unknown>[],
  sides: readonly ('c' | 'p')[],
  keys: readonly string[],
  measures: readonly Measure[],
) {
  const keyNames = keys.map(camelCase);
  const cols = sides.map((side) => ({
    side,
    present: camelCase(`${side}_present`),
    measures: measures.map((m) => [camelCase(m), camelCase(`${side}_${m}`)] as const),
  }));
  const rows: Record<string, unknown>[] = [];
  for (const r of all) {
    for (const c of cols) {
      if (!Number(r[c.present] ?? 0)) continue;
      const row: Record<string, unknown> = { side: c.side };
      for (const k of keyNames) row[k] = r[k];
      for (const [name, from] of c.measures) row[name] = Number(r[from] ?? 0);
      rows.push(row);
    }
  }
  return rows;
}

/** The sums row of a ranked answer as totals per side. */
export function sideTotals(
  last: Record<string, unknown>,
  sides: readonly ('c' | 'p')[],
  measures: readonly Measure[],
): NonNullable<PartsResult['totals']> {
  const totals: NonNullable<PartsResult['totals']> = { c: {}, p: {} };
  for (const side of sides) for (const m of measures) totals[side][m] = Number(last[camelCase(`${side}_${m}`)] ?? 0);
  return totals;
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
  const r =
    await sql<TargetRow>`select metric, op, value::float8 as value, label_vi as "labelVi", label_en as "labelEn", source from stat_target order by metric`.execute(
      db,
    );
  return r.rows;
}

export async function updateTarget(
  db: Q,
  metric: string,
  t: { op: string; value: number; labelVi?: string; labelEn?: string; source?: string },
  now: Date,
) {
  await sql`update stat_target set op = ${t.op}, value = ${t.value},
      label_vi = coalesce(${t.labelVi ?? null}, label_vi), label_en = coalesce(${t.labelEn ?? null}, label_en),
      source = coalesce(${t.source ?? null}, source), updated_at = ${now}
    where metric = ${metric}`.execute(db);
}

/** Every unit's name (a few thousand rows even nationally): labels of unit breakdowns. */
export async function allUnitNames(db: Q): Promise<Map<string, string>> {
  const rows = await db.selectFrom('unit').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The aggregate tables (each has a view stat_raw_<suffix> with the same rows computed from `incident`). */
export const AGGREGATE_TABLES = [
  'stat_day_kind',
  'stat_month_kind',
  'stat_day_unit',
  'stat_month_unit',
  'stat_day_area',
  'stat_month_area',
  'stat_month_hour_weekday',
] as const;
export const MEASURES: readonly Measure[] = [
  'n',
  'cleared',
  'n_ta',
  'cleared_ta',
  'decided',
  'decided_in_time',
  'deaths',
  'injuries',
  'damage',
  'amount_lost',
];

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
    // In time order, so that a period's cells sit together on disk (a period then reads a few pages).
    const time = t.startsWith('stat_day_') ? 'day' : 'month';
    const r = await sql.raw(`insert into ${t} select * from stat_raw_${t.slice(5)} order by ${time}`).execute(trx);
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
    const differs = sql.join(
      MEASURES.map((m) => sql`r.${sql.ref(m)} is distinct from s.${sql.ref(m)}`),
      sql` or `,
    );
    const diff = sql`from ${sql.table(`stat_raw_${t.slice(5)}`)} r full join ${sql.table(t)} s using (${using}) where ${differs}`;
    const [count, rows, samples] = await Promise.all([
      sql<{ n: number }>`select count(*)::int as n ${diff}`.execute(db),
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db),
      sql<
        Record<string, unknown>
      >`select ${using}, ${sql.join(MEASURES.map((m) => sql`r.${sql.ref(m)} as ${sql.ref(`raw_${m}`)}, s.${sql.ref(m)} as ${sql.ref(`agg_${m}`)}`))} ${diff} limit 5`.execute(
        db,
      ),
    ]);
    out.push({ table: t, rows: rows.rows[0]!.n, differences: count.rows[0]!.n, samples: samples.rows });
  }
  return out;
}

/** Every unit's validity and every succession link (comparisons across restructurings, `stats.reform.ts`). */
export async function unitSuccessions(db: Q): Promise<{
  units: { id: string; code: string; validFrom: string; validTo: string | null }[];
  links: { predecessorId: string; successorId: string }[];
}> {
  const [units, links] = await Promise.all([
    sql<{
      id: string;
      code: string;
      validFrom: string;
      validTo: string | null;
    }>`select id::text as id, code, valid_from::text as "validFrom", valid_to::text as "validTo" from unit`.execute(db),
    sql<{
      predecessorId: string;
      successorId: string;
    }>`select predecessor_id::text as "predecessorId", successor_id::text as "successorId" from unit_succession`.execute(
      db,
    ),
  ]);
  return { units: units.rows, links: links.rows };
}

/**
 * The incidents with a point in the given communes (code, validFrom), per side and date range, grouped by the
 * breakdown's keys and the point, with the measures: the part of an area cell that a point places exactly.
 */
export async function pointedCells(
  db: Q,
  q: {
    sides: { side: 'c' | 'p'; from: string; to: string }[];
    pairs: [string, string][];
    keys: readonly Key[];
    measures: readonly Measure[];
    where: RawBuilder<boolean>;
  },
): Promise<
  { side: 'c' | 'p'; keys: string[]; lon: number; lat: number; measures: Partial<Record<Measure, number>> }[]
> {
  if (q.pairs.length === 0 || q.sides.length === 0) return [];
  const s = INCIDENT_SOURCE;
  const keySel = q.keys.map((k) => sql`(${k.expr(s)})::text as ${sql.ref(k.name)}`);
  const measureSel = q.measures.map((m) => sql`${measureExpr(s, m)} as ${sql.ref(`m_${m}`)}`);
  const codes = [...new Set(q.pairs.map(([c]) => c))];
  const pairs = sql.join(q.pairs.map(([c, v]) => sql`(${c}::text, ${v}::date)`));
  const selects = q.sides.map(
    (side) => sql`select ${side.side}::text as side, ${sql.join(keySel)}, lon, lat, ${sql.join(measureSel)}
      from incident
      where occurred_on between ${side.from} and ${side.to} and lon is not null and lat is not null
        and area_code in (${sql.join(codes)})
        and (area_code, area_valid_from) in (select c, d from (values ${pairs}) v(c, d))
        and ${q.where}
      group by ${sql.join(q.keys.map((_, i) => sql.raw(String(i + 2))))}, lon, lat`,
  );
  const r = await sql<Record<string, unknown>>`${sql.join(selects, sql` union all `)}`.execute(db);
  return r.rows.map((row) => ({
    side: row.side as 'c' | 'p',
    keys: q.keys.map((k) => String(row[camelCase(k.name)])),
    lon: Number(row.lon),
    lat: Number(row.lat),
    measures: Object.fromEntries(q.measures.map((m) => [m, Number(row[camelCase(`m_${m}`)] ?? 0)])),
  }));
}
