import { sql, type Kysely } from 'kysely';
import { createAggregate, createTriggers, fillAggregate, type AggregateTable } from '../stats-aggregates';

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
 * expressions, generated from one list (../stats-aggregates.ts). Migration 0009 reshapes the unit tables.
 */

/** The aggregate tables and their dimensions (the primary key, in this order). */
export const TABLES: readonly AggregateTable[] = [
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

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await createAggregate(db, t);
  await createTriggers(db, TABLES);
  // Fill from what is already there (a database migrated with incidents in it).
  for (const t of TABLES) await fillAggregate(db, t);

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
