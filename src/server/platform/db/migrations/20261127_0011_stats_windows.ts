import { sql, type Kysely } from 'kysely';
import { createTriggers, createWindowTable, dropTriggers, MEASURES, type WindowTable } from '../stats-aggregates';
import { TABLES } from './20261127_0009_stats_unit_kind';

/**
 * Window tables (../stats-aggregates.ts): the questions asked of "now" at national spread, answered from rows
 * that already hold the current period and the same period last year.
 * - The CompStat grid, every commune × category over the last 7 or 28 days against the same days a year
 *   before: at 10 million incidents about 100,000 cells a side, too many to sum per question; kept ranked.
 * - Communes and units, every measure (the dashboard's tiles, area and unit tables, the map; clearance by unit
 *   year to date): a few thousand rows instead of months plus edge days.
 * Kept for the last 7 and 28 days, the current Decree 09 reporting month (the dashboard's default period) and,
 * for communes and units, the calendar and reporting years to date.
 * The windows start empty (no anchor) and are filled by the first question that needs them.
 */
export const WINDOW_TABLES: readonly WindowTable[] = [
  {
    name: 'stat_win_area_category',
    dims: ['area_code', 'area_valid_from', 'category'],
    measures: ['n'],
    from: 'stat_day_area',
    windows: ['rolling_7', 'rolling_28', 'report_month'],
    ranked: true,
    everyKind: true,
    rankBy: [{ num: 'n' }],
  },
  {
    name: 'stat_win_area',
    dims: ['area_code', 'area_valid_from'],
    measures: MEASURES.map((m) => m.name),
    from: 'stat_day_area',
    windows: ['rolling_7', 'rolling_28', 'report_month', 'ytd', 'report_ytd'],
  },
  {
    name: 'stat_win_unit',
    dims: ['unit_id'],
    measures: MEASURES.map((m) => m.name),
    from: 'stat_day_unit',
    windows: ['rolling_7', 'rolling_28', 'report_month', 'ytd', 'report_ytd'],
    // The unit table of the dashboard: counts, and the clearance and report-resolution rates.
    rankBy: [{ num: 'n' }, { num: 'cleared', den: 'n' }, { num: 'cleared_ta', den: 'n_ta' }, { num: 'decided', den: 'n' }],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table stat_window (
      tbl text not null,
      win text not null,
      -- The day the rows are for, and the current and comparison ranges (inclusive); null: not filled yet.
      anchor date,
      c_from date, c_to date, p_from date, p_to date,
      primary key (tbl, win)
    )`.execute(db);
  for (const t of WINDOW_TABLES) await createWindowTable(db, t);
  await dropTriggers(db);
  await createTriggers(db, TABLES, WINDOW_TABLES);
}
