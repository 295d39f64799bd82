import { sql, type Kysely } from 'kysely';

/**
 * The statistics engine: pre-aggregated tables kept equal to the raw incidents by statement-level
 * triggers on `incident` (INSERT / UPDATE / DELETE, with transition tables), so every write path — the
 * service, the importer's bulk inserts, the demo seed, plain SQL — updates them in its own transaction.
 *
 * Every aggregate counts by the date of occurrence (`occurred_on`, Hanoi date): a case cleared in March
 * that happened in January adds to January's `cleared`. The clearance rate of a period is therefore
 * cleared / cases among the cases that happened in the period.
 *
 * For each table `stat_x` a view `stat_raw_x` gives the same rows as a plain GROUP BY over `incident`:
 * `stats rebuild` copies the views into the tables, `stats check` compares them; the trigger uses the same
 * expressions, generated below from one list.
 *
 * Null dimensions are stored as '' (so they can be part of the primary key and of ON CONFLICT).
 */

const TRONG_AN = `('rat_nghiem_trong','dac_biet_nghiem_trong')`;

/** Dimension expressions over an incident row. */
const DIM_EXPR: Record<string, { expr: string; type: string }> = {
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
const MEASURES: { name: string; expr: string; type: string }[] = [
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

/** The aggregate tables and their dimensions (the primary key, in this order). */
const TABLES: { name: string; dims: string[]; indexes?: string[][] }[] = [
  // City-wide trends and rolling windows by kind and group.
  { name: 'stat_day_kind', dims: ['day', 'kind', 'stat_group'] },
  // Units: clearance tables, unit breakdowns (whole months from the month table, the edges from the day table).
  { name: 'stat_day_unit', dims: ['day', 'unit_id', 'kind', 'stat_group'] },
  { name: 'stat_month_unit', dims: ['month', 'unit_id', 'kind', 'stat_group'] },
  // Every dimension but time of day, at day grain: the CompStat grid, edges of periods, scoped users.
  {
    name: 'stat_day_area',
    dims: ['day', 'area_code', 'area_valid_from', 'unit_id', 'kind', 'stat_group', 'category', 'severity'],
    indexes: [['area_code', 'day'], ['unit_id', 'day']],
  },
  // The same at month grain: whole months of long periods.
  {
    name: 'stat_month_area',
    dims: ['month', 'area_code', 'area_valid_from', 'unit_id', 'kind', 'stat_group', 'category', 'severity'],
    indexes: [['area_code', 'month'], ['unit_id', 'month']],
  },
  // Hour × weekday heat maps.
  { name: 'stat_month_hour_weekday', dims: ['month', 'hour', 'weekday', 'kind', 'stat_group'] },
];

const dimSelect = (dims: string[]) => dims.map((d) => `${DIM_EXPR[d]!.expr} as ${d}`).join(', ');

function rawView(t: (typeof TABLES)[number]): string {
  return `create view stat_raw_${t.name.slice(5)} as
    select ${dimSelect(t.dims)}, ${MEASURES.map((m) => `sum(${m.expr})::${m.type} as ${m.name}`).join(', ')}
    from incident group by ${t.dims.map((_, i) => i + 1).join(', ')}`;
}

/** Adds the delta of the transition tables to one aggregate table; removes cells that fell to zero. */
function applyDelta(t: (typeof TABLES)[number], sources: { table: string; sign: 1 | -1 }[]): string {
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

function triggerFunction(name: string, sources: { table: string; sign: 1 | -1 }[]): string {
  return `create function ${name}() returns trigger language plpgsql as $fn$
  begin
    ${TABLES.map((t) => applyDelta(t, sources)).join('\n')}
    return null;
  end
  $fn$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    const cols = [
      ...t.dims.map((d) => `${d} ${DIM_EXPR[d]!.type} not null`),
      ...MEASURES.map((m) => `${m.name} ${m.type} not null default 0`),
    ];
    // Small, selective reads: parallel workers cost more to start (tens of ms on 2 cores) than they save.
    await sql.raw(`create table ${t.name} (${cols.join(', ')}, primary key (${t.dims.join(', ')})) with (parallel_workers = 0)`).execute(db);
    for (const ix of t.indexes ?? []) await sql.raw(`create index ${t.name}_${ix.join('_')}_idx on ${t.name} (${ix.join(', ')})`).execute(db);
    await sql.raw(rawView(t)).execute(db);
  }

  await sql.raw(triggerFunction('stat_incident_inserted', [{ table: 'new_rows', sign: 1 }])).execute(db);
  await sql.raw(triggerFunction('stat_incident_updated', [{ table: 'new_rows', sign: 1 }, { table: 'old_rows', sign: -1 }])).execute(db);
  await sql.raw(triggerFunction('stat_incident_deleted', [{ table: 'old_rows', sign: -1 }])).execute(db);
  await sql`create trigger stat_incident_ins after insert on incident referencing new table as new_rows
    for each statement execute function stat_incident_inserted()`.execute(db);
  await sql`create trigger stat_incident_upd after update on incident referencing old table as old_rows new table as new_rows
    for each statement execute function stat_incident_updated()`.execute(db);
  await sql`create trigger stat_incident_del after delete on incident referencing old table as old_rows
    for each statement execute function stat_incident_deleted()`.execute(db);
  // TRUNCATE has no transition table: it empties the aggregates with it.
  await sql.raw(`create function stat_incident_truncated() returns trigger language plpgsql as $fn$
  begin
    truncate ${TABLES.map((t) => t.name).join(', ')};
    return null;
  end
  $fn$`).execute(db);
  await sql`create trigger stat_incident_trunc after truncate on incident for each statement execute function stat_incident_truncated()`.execute(db);

  // Fill from what is already there (a database migrated with incidents in it).
  for (const t of TABLES) await sql.raw(`insert into ${t.name} select * from stat_raw_${t.name.slice(5)}`).execute(db);

  // Targets are data (National Assembly Resolution 96/2019/QH14, as reported), editable.
  await sql`
    create table stat_target (
      metric text primary key,
      op text not null check (op in ('>', '>=', '<', '<=')),
      value numeric not null,
      label_vi text not null,
      label_en text not null,
      source text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    insert into stat_target (metric, op, value, label_vi, label_en, source) values
      ('clearance_rate', '>', 75, 'Tỷ lệ điều tra khám phá án trên 75%', 'Clearance rate above 75%', 'Nghị quyết 96/2019/QH14'),
      ('clearance_rate_trong_an', '>', 90, 'Tỷ lệ khám phá trọng án trên 90%', 'Clearance of very serious and especially serious cases above 90%', 'Nghị quyết 96/2019/QH14'),
      ('report_resolution_rate', '>', 90, 'Tỷ lệ giải quyết tố giác, tin báo về tội phạm trên 90%', 'Crime-report resolution rate above 90%', 'Nghị quyết 96/2019/QH14')
  `.execute(db);
}
