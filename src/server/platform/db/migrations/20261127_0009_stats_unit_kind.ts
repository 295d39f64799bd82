import { sql, type Kysely } from 'kysely';
import { createAggregate, createTriggers, dropTriggers, fillAggregate, type AggregateTable } from '../stats-aggregates';
import { TABLES as TABLES_0005 } from './20261127_0005_stats';

/**
 * Statistics aggregates at the grain the slow questions need (bench/RESULTS.md):
 * - the unit tables lose the statistical group and lead with the kind, so that "clearance by unit, year to
 *   date" reads only the criminal cases of the period (unit questions with a group go to the area tables);
 * - a month × kind × group table, so that a five-year trend reads sixty months instead of 1,800 days.
 * The trigger functions are regenerated over the new list of tables.
 */
const RESHAPED = ['stat_day_unit', 'stat_month_unit'];
const KEPT = TABLES_0005.filter((t) => !RESHAPED.includes(t.name));
const NEW: AggregateTable[] = [
  { name: 'stat_month_kind', dims: ['month', 'kind', 'stat_group'] },
  { name: 'stat_day_unit', dims: ['kind', 'day', 'unit_id'], indexes: [['day']] },
  { name: 'stat_month_unit', dims: ['kind', 'month', 'unit_id'], indexes: [['month']] },
];

/** The aggregate tables after this migration (the triggers keep all of them). */
export const TABLES: readonly AggregateTable[] = [...KEPT, ...NEW];

export async function up(db: Kysely<unknown>): Promise<void> {
  await dropTriggers(db);
  for (const t of RESHAPED) {
    await sql.raw(`drop view stat_raw_${t.slice(5)}`).execute(db);
    await sql.raw(`drop table ${t}`).execute(db);
  }
  for (const t of NEW) await createAggregate(db, t);
  await createTriggers(db, TABLES);
  for (const t of NEW) await fillAggregate(db, t);
}
