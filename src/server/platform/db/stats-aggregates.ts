import { sql, type Kysely } from 'kysely';

/**
 * SQL of the statistics aggregates, shared by the migrations that create or reshape them: the tables,
 * their raw views (`stat_raw_<suffix>`, the same rows as a plain GROUP BY over `incident`) and the
 * statement-level trigger functions that apply each write's delta to every table. See migration 0005.
 *
 * Null dimensions are stored as '' (so they can be part of the primary key and of ON CONFLICT).
 */

const TRONG_AN = `('rat_nghiem_trong','dac_biet_nghiem_trong')`;

/** Dimension expressions over an incident row. */
export const DIM_EXPR: Record<string, { expr: string; type: string }> = {
  day: { expr: 'occurred_on', type: 'date' },
  month: { expr: `date_trunc('month', occurred_on)::date`, type: 'date' },
  // Hour of the day in Hanoi (UTC+7 all year since 1975), by arithmetic so no time zone data is needed.
  hour: { expr: `(((extract(epoch from occurred_at)::bigint + 25200) / 3600) % 24)::smallint`, type: 'smallint' },
  // ISO weekday of the Hanoi date: 1 = Monday … 7 = Sunday.
  weekday: { expr: `extract(isodow from occurred_on)::smallint`, type: 'smallint' },
  area_code: { expr: 'area_code', type: 'text' },
  area_valid_from: { expr: 'area_valid_from', type: 'date' },
  unit_id: { expr: 'unit_id', type: 'uuid' },
  kind: { expr: 'kind', type: 'text' },
  stat_group: { expr: `coalesce(stat_group, '')`, type: 'text' },
  category: { expr: `coalesce(category, '')`, type: 'text' },
  // Penal Code severity for crimes, the Circular 26 class for traffic accidents (as the incident list filter).
  severity: { expr: `coalesce(severity, traffic_severity, '')`, type: 'text' },
};

/** Measures: the per-row value summed into the cell. */
export const MEASURES: { name: string; expr: string; type: string }[] = [
  { name: 'n', expr: '1', type: 'integer' },
  { name: 'cleared', expr: 'cleared::int', type: 'integer' },
  { name: 'n_ta', expr: `(coalesce(severity, '') in ${TRONG_AN})::int`, type: 'integer' },
  { name: 'cleared_ta', expr: `(cleared and coalesce(severity, '') in ${TRONG_AN})::int`, type: 'integer' },
  { name: 'decided', expr: '(decided_on is not null)::int', type: 'integer' },
  { name: 'decided_in_time', expr: '(decided_on is not null and not coalesce(decided_late, false))::int', type: 'integer' },
  { name: 'deaths', expr: 'coalesce(deaths, 0)', type: 'integer' },
  { name: 'injuries', expr: 'coalesce(injuries, 0)', type: 'integer' },
  { name: 'damage', expr: 'coalesce(damage_vnd, 0)', type: 'numeric(24,0)' },
  { name: 'amount_lost', expr: 'coalesce(amount_lost_vnd, 0)', type: 'numeric(24,0)' },
];

const dimSelect = (dims: string[]) => dims.map((d) => `${DIM_EXPR[d]!.expr} as ${d}`).join(', ');

export function rawView(t: AggregateTable): string {
  return `create view stat_raw_${t.name.slice(5)} as
    select ${dimSelect(t.dims)}, ${MEASURES.map((m) => `sum(${m.expr})::${m.type} as ${m.name}`).join(', ')}
    from incident group by ${t.dims.map((_, i) => i + 1).join(', ')}`;
}

/** Adds the delta of the transition tables to one aggregate table; removes cells that fell to zero. */
function applyDelta(t: AggregateTable, sources: { table: string; sign: 1 | -1 }[]): string {
  const parts = sources.map(
    (s) =>
      `select ${dimSelect(t.dims)}, ${MEASURES.map((m) => `${s.sign < 0 ? '-' : ''}(${m.expr})::${m.type} as ${m.name}`).join(', ')} from ${s.table}`,
  );
  const dims = t.dims.join(', ');
  let out = `
    insert into ${t.name} (${dims}, ${MEASURES.map((m) => m.name).join(', ')})
    select ${dims}, ${MEASURES.map((m) => `sum(${m.name})`).join(', ')}
    from (${parts.join(' union all ')}) d
    group by ${dims}
    having ${MEASURES.map((m) => `sum(${m.name}) <> 0`).join(' or ')}
    on conflict (${dims}) do update set ${MEASURES.map((m) => `${m.name} = ${t.name}.${m.name} + excluded.${m.name}`).join(', ')};`;
  if (sources.some((s) => s.sign < 0)) {
    out += `
    delete from ${t.name} s using (select distinct ${dimSelect(t.dims)} from old_rows) k
    where ${t.dims.map((d) => `s.${d} = k.${d}`).join(' and ')} and s.n = 0;`;
  }
  return out;
}

export function triggerFunction(
  tables: readonly AggregateTable[],
  name: string,
  sources: { table: string; sign: 1 | -1 }[],
  windows: readonly WindowTable[] = [],
): string {
  return `create function ${name}() returns trigger language plpgsql as $fn$
  begin
    ${tables.map((t) => applyDelta(t, sources)).join('\n')}
    ${windows.map((t) => applyWindowDelta(t, sources)).join('\n')}
    return null;
  end
  $fn$`;
}

export interface AggregateTable {
  name: string;
  /** The primary key, in this order. */
  dims: string[];
  indexes?: string[][];
}

/** Creates one aggregate table (no parallel workers), its indexes and its raw view. */
export async function createAggregate(db: Kysely<unknown>, t: AggregateTable): Promise<void> {
  const cols = [...t.dims.map((d) => `${d} ${DIM_EXPR[d]!.type} not null`), ...MEASURES.map((m) => `${m.name} ${m.type} not null default 0`)];
  // Small, selective reads: parallel workers cost more to start (tens of ms on 2 cores) than they save.
  await sql.raw(`create table ${t.name} (${cols.join(', ')}, primary key (${t.dims.join(', ')})) with (parallel_workers = 0)`).execute(db);
  for (const ix of t.indexes ?? []) await sql.raw(`create index ${t.name}_${ix.join('_')}_idx on ${t.name} (${ix.join(', ')})`).execute(db);
  await sql.raw(rawView(t)).execute(db);
}

/** The trigger functions and triggers on `incident` that keep `tables` equal to their raw views (and `windows` to theirs). */
export async function createTriggers(db: Kysely<unknown>, tables: readonly AggregateTable[], windows: readonly WindowTable[] = []): Promise<void> {
  await sql.raw(triggerFunction(tables, 'stat_incident_inserted', [{ table: 'new_rows', sign: 1 }], windows)).execute(db);
  await sql.raw(triggerFunction(tables, 'stat_incident_updated', [{ table: 'new_rows', sign: 1 }, { table: 'old_rows', sign: -1 }], windows)).execute(db);
  await sql.raw(triggerFunction(tables, 'stat_incident_deleted', [{ table: 'old_rows', sign: -1 }], windows)).execute(db);
  await sql`create trigger stat_incident_ins after insert on incident referencing new table as new_rows
    for each statement execute function stat_incident_inserted()`.execute(db);
  await sql`create trigger stat_incident_upd after update on incident referencing old table as old_rows new table as new_rows
    for each statement execute function stat_incident_updated()`.execute(db);
  await sql`create trigger stat_incident_del after delete on incident referencing old table as old_rows
    for each statement execute function stat_incident_deleted()`.execute(db);
  // TRUNCATE has no transition table: it empties the aggregates with it.
  await sql.raw(`create function stat_incident_truncated() returns trigger language plpgsql as $fn$
  begin
    truncate ${[...tables.map((t) => t.name), ...windows.flatMap((t) => (t.ranked ? [t.name, `${t.name}_total`] : [t.name]))].join(', ')};
    return null;
  end
  $fn$`).execute(db);
  await sql`create trigger stat_incident_trunc after truncate on incident for each statement execute function stat_incident_truncated()`.execute(db);
}

/** Removes what createTriggers made (to reshape the tables). */
export async function dropTriggers(db: Kysely<unknown>): Promise<void> {
  for (const [trigger, fn] of [
    ['stat_incident_ins', 'stat_incident_inserted'],
    ['stat_incident_upd', 'stat_incident_updated'],
    ['stat_incident_del', 'stat_incident_deleted'],
    ['stat_incident_trunc', 'stat_incident_truncated'],
  ]) {
    await sql.raw(`drop trigger ${trigger} on incident`).execute(db);
    await sql.raw(`drop function ${fn}()`).execute(db);
  }
}

/** Fills a table from its raw view (what is already in `incident`). */
export async function fillAggregate(db: Kysely<unknown>, t: AggregateTable): Promise<void> {
  await sql.raw(`insert into ${t.name} select * from stat_raw_${t.name.slice(5)}`).execute(db);
}

/**
 * Window tables: the current period of a few kinds (rolling 7 and 28 days, year to date…) and its same period
 * last year, summed per cell, with both sides on one row (c_<m>, p_<m>). `stat_window` holds each window's
 * day (anchor) and its two date ranges. The incident triggers add a write's delta to the windows its date
 * falls in; when the day changes, the service moves each window (stats.windows.ts) by adding the days that
 * enter and subtracting the days that leave, read from the day aggregate `from`, while writers wait.
 *
 * With `everyKind`, the kind '' row of a cell sums every kind (the "all incidents" grid ranks on it). A cell
 * exists while either side counts an incident (c_n > 0 or p_n > 0).
 */
export interface WindowTable {
  name: string;
  /** The cell, after (win, kind). Columns of `from` with the same names. */
  dims: string[];
  /** Summed measures; always 'n' first. */
  measures: string[];
  /** The day aggregate the windows are moved from. */
  from: string;
  /** Period kinds kept. */
  windows: string[];
  /**
   * Also a kind '' row per cell summing every kind (the "all incidents" ranking needs it in the index). Without
   * it an all-kinds question sums the kinds' rows, and each write updates half as many rows.
   */
  everyKind?: boolean;
  /**
   * With totals: `<name>_total` (cells and sums per window and kind, kept by triggers on the table itself), so the
   * totals of a ranked page read one row instead of every cell.
   */
  ranked?: boolean;
  /**
   * Rankings kept in an index (current value, or rate num / den, largest first, then the cell in tie order), so
   * a ranked page of the whole table reads the page's rows only.
   */
  rankBy?: { num: string; den?: string }[];
}

/** The kinds a source row `alias` counts under in window table `t`: its own, and '' when the table keeps every kind. */
export const kindsOf = (t: WindowTable, alias: string) =>
  `cross join lateral (values (${alias}.kind)${t.everyKind ? `, ('')` : ''}) k(kind)`;

/** The ranking score of a window row, as the rank indexes hold it and the questions order by it. */
export function rankScore(r: { num: string; den?: string }): string {
  return r.den ? `(c_${r.num}::float8 / nullif(c_${r.den}, 0)::float8) desc nulls last` : `c_${r.num} desc`;
}

const windowColumn = (d: string) => `${d} ${DIM_EXPR[d]!.type} not null`;
/** In the ranking's tie order: text byte-wise (collate "C"), so that the index gives that order. */
export const rankOrder = (t: WindowTable) => t.dims.map((d) => (DIM_EXPR[d]!.type === 'text' ? `${d} collate "C"` : d));
const measureType = (m: string) => MEASURES.find((x) => x.name === m)!.type;
export const windowCols = (t: WindowTable, side: 'c' | 'p') => t.measures.map((m) => `${side}_${m}`);

export async function createWindowTable(db: Kysely<unknown>, t: WindowTable): Promise<void> {
  const measureCols = (['c', 'p'] as const).flatMap((side) => t.measures.map((m) => `${side}_${m} ${measureType(m)} not null default 0`));
  const key = ['win', 'kind', ...t.dims];
  await sql
    .raw(`create table ${t.name} (win text not null, kind text not null, ${t.dims.map(windowColumn).join(', ')}, ${measureCols.join(', ')},
      primary key (${key.join(', ')})) with (parallel_workers = 0)`)
    .execute(db);
  await sql.raw(`insert into stat_window (tbl, win) values ${t.windows.map((w) => `('${t.name}', '${w}')`).join(', ')}`).execute(db);
  for (const r of t.rankBy ?? []) {
    await sql.raw(`create index ${t.name}_by_${r.num}${r.den ? `_${r.den}` : ''}_idx on ${t.name} (win, kind, ${rankScore(r)}, ${rankOrder(t).join(', ')})`).execute(db);
  }
  if (!t.ranked) return;
  const sums = [...windowCols(t, 'c'), ...windowCols(t, 'p')];
  await sql
    .raw(`create table ${t.name}_total (win text not null, kind text not null, cells bigint not null default 0,
      ${sums.map((c) => `${c} numeric not null default 0`).join(', ')}, primary key (win, kind))`)
    .execute(db);
  // The totals follow every change of the table, whoever makes it (incident triggers, moving, rebuilding).
  const delta = (sources: { table: string; sign: 1 | -1; cells: boolean }[]) => `
    insert into ${t.name}_total (win, kind, cells, ${sums.join(', ')})
    select win, kind, ${sources.map((s) => (s.cells ? `${s.sign} * count(*) filter (where src = '${s.table}')` : '0')).join(' + ')},
      ${sums.map((c) => `sum(${c})`).join(', ')}
    from (${sources.map((s) => `select '${s.table}' as src, win, kind, ${sums.map((c) => `${s.sign < 0 ? '-' : ''}${c} as ${c}`).join(', ')} from ${s.table}`).join(' union all ')}) d
    group by win, kind
    on conflict (win, kind) do update set cells = ${t.name}_total.cells + excluded.cells, ${sums.map((c) => `${c} = ${t.name}_total.${c} + excluded.${c}`).join(', ')};`;
  const fn = (name: string, body: string) =>
    sql.raw(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${body} return null; end $fn$`).execute(db);
  await fn(`${t.name}_ins`, delta([{ table: 'new_rows', sign: 1, cells: true }]));
  await fn(`${t.name}_upd`, delta([{ table: 'new_rows', sign: 1, cells: false }, { table: 'old_rows', sign: -1, cells: false }]));
  await fn(`${t.name}_del`, delta([{ table: 'old_rows', sign: -1, cells: true }]));
  await sql.raw(`create trigger ${t.name}_ins after insert on ${t.name} referencing new table as new_rows for each statement execute function ${t.name}_ins()`).execute(db);
  await sql
    .raw(`create trigger ${t.name}_upd after update on ${t.name} referencing old table as old_rows new table as new_rows for each statement execute function ${t.name}_upd()`)
    .execute(db);
  await sql.raw(`create trigger ${t.name}_del after delete on ${t.name} referencing old table as old_rows for each statement execute function ${t.name}_del()`).execute(db);
}

/**
 * Adds the delta of the incident transition tables to a window table: each row counts on the current side of
 * every window whose current range holds its date, on the comparison side of every window whose comparison
 * range does, once under its kind and once under ''.
 */
function applyWindowDelta(t: WindowTable, sources: { table: string; sign: 1 | -1 }[]): string {
  const dims = t.dims.join(', ');
  const rows = sources
    .map(
      (s) =>
        `select occurred_on as day, kind, ${t.dims.map((d) => `${DIM_EXPR[d]!.expr} as ${d}`).join(', ')}, ${t.measures
          .map((m) => `${s.sign < 0 ? '-' : ''}(${MEASURES.find((x) => x.name === m)!.expr})::${measureType(m)} as ${m}`)
          .join(', ')} from ${s.table}`,
    )
    .join(' union all ');
  const side = (s: 'c' | 'p') => t.measures.map((m) => `sum(case when r.day between w.${s}_from and w.${s}_to then r.${m} else 0 end) as ${s}_${m}`);
  const cols = [...windowCols(t, 'c'), ...windowCols(t, 'p')];
  let out = `
    insert into ${t.name} (win, kind, ${dims}, ${cols.join(', ')})
    select * from (
      select w.win, k.kind, ${t.dims.map((d) => `r.${d}`).join(', ')}, ${[...side('c'), ...side('p')].join(', ')}
      from (${rows}) r
      join stat_window w on w.tbl = '${t.name}' and (r.day between w.c_from and w.c_to or r.day between w.p_from and w.p_to)
      ${kindsOf(t, 'r')}
      group by w.win, k.kind, ${t.dims.map((d) => `r.${d}`).join(', ')}) d
    where ${cols.map((c) => `${c} <> 0`).join(' or ')}
    on conflict (win, kind, ${dims}) do update set ${cols.map((c) => `${c} = ${t.name}.${c} + excluded.${c}`).join(', ')};`;
  if (sources.some((s) => s.sign < 0)) {
    out += `
    delete from ${t.name} s using (select distinct ${t.dims.map((d) => `${DIM_EXPR[d]!.expr} as ${d}`).join(', ')} from old_rows) o
    where ${t.dims.map((d) => `s.${d} = o.${d}`).join(' and ')} and s.c_n = 0 and s.p_n = 0;`;
  }
  return out;
}
