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

export function triggerFunction(tables: readonly AggregateTable[], name: string, sources: { table: string; sign: 1 | -1 }[]): string {
  return `create function ${name}() returns trigger language plpgsql as $fn$
  begin
    ${tables.map((t) => applyDelta(t, sources)).join('\n')}
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

/** The trigger functions and triggers on `incident` that keep `tables` equal to their raw views. */
export async function createTriggers(db: Kysely<unknown>, tables: readonly AggregateTable[]): Promise<void> {
  await sql.raw(triggerFunction(tables, 'stat_incident_inserted', [{ table: 'new_rows', sign: 1 }])).execute(db);
  await sql.raw(triggerFunction(tables, 'stat_incident_updated', [{ table: 'new_rows', sign: 1 }, { table: 'old_rows', sign: -1 }])).execute(db);
  await sql.raw(triggerFunction(tables, 'stat_incident_deleted', [{ table: 'old_rows', sign: -1 }])).execute(db);
  await sql`create trigger stat_incident_ins after insert on incident referencing new table as new_rows
    for each statement execute function stat_incident_inserted()`.execute(db);
  await sql`create trigger stat_incident_upd after update on incident referencing old table as old_rows new table as new_rows
    for each statement execute function stat_incident_updated()`.execute(db);
  await sql`create trigger stat_incident_del after delete on incident referencing old table as old_rows
    for each statement execute function stat_incident_deleted()`.execute(db);
  // TRUNCATE has no transition table: it empties the aggregates with it.
  await sql.raw(`create function stat_incident_truncated() returns trigger language plpgsql as $fn$
  begin
    truncate ${tables.map((t) => t.name).join(', ')};
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
