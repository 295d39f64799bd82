import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { rangeShift, type DateRange } from '../../../domain/stats/windows';
import { WINDOW_TABLES } from '../../platform/db/migrations/20261127_0011_stats_windows';
import type { DB } from '../../platform/db/schema.generated';
import {
  DIM_EXPR,
  kindsOf,
  MEASURES,
  rankOrder,
  rankScore,
  windowCols,
  type WindowTable,
} from '../../platform/db/stats-aggregates';
import { sideRows, sideTotals, type CheckResult, type Measure, type PartsResult, type Rank } from './stats.repository';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * SQL of the window tables (migration 0011, ../../platform/db/stats-aggregates.ts): their state, moving them to
 * a new day, reading a question from them, checking them against the raw incidents.
 */

export { WINDOW_TABLES };

export interface WindowRanges {
  c: DateRange;
  p: DateRange;
}

/** Whether stored ranges are the given ones (a window on today's anchor with older ranges must still move). */
export function sameRanges(a: WindowRanges | null, b: WindowRanges): boolean {
  return a !== null && a.c.from === b.c.from && a.c.to === b.c.to && a.p.from === b.p.from && a.p.to === b.p.to;
}

export interface WindowState {
  tbl: string;
  win: string;
  anchor: string | null;
  ranges: WindowRanges | null;
}

export async function windowStates(db: Q, lock?: { only?: { tbl: string; win: string } }): Promise<WindowState[]> {
  const r = await sql<{
    tbl: string;
    win: string;
    anchor: string | null;
    cFrom: string | null;
    cTo: string;
    pFrom: string;
    pTo: string;
  }>`
    select tbl, win, anchor::text as anchor, c_from::text as "cFrom", c_to::text as "cTo", p_from::text as "pFrom", p_to::text as "pTo"
    from stat_window ${lock?.only ? sql`where tbl = ${lock.only.tbl} and win = ${lock.only.win}` : sql``}
    order by tbl, win ${lock ? sql`for update` : sql``}`.execute(db);
  return r.rows.map((x) => ({
    tbl: x.tbl,
    win: x.win,
    anchor: x.anchor,
    ranges: x.cFrom === null ? null : { c: { from: x.cFrom, to: x.cTo }, p: { from: x.pFrom, to: x.pTo } },
  }));
}

const tableOf = (name: string): WindowTable => {
  const t = WINDOW_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`not a window table: ${name}`);
  return t;
};

/** +1 on the days of `add`, −1 on those of `remove`, 0 elsewhere. */
function signOf(day: RawBuilder<unknown>, s: { add: DateRange[]; remove: DateRange[] }): RawBuilder<unknown> {
  const whens = [
    ...s.add.map((r) => sql`when ${day} between ${r.from}::date and ${r.to}::date then 1`),
    ...s.remove.map((r) => sql`when ${day} between ${r.from}::date and ${r.to}::date then -1`),
  ];
  return whens.length ? sql`case ${sql.join(whens, sql` `)} else 0 end` : sql`0`;
}

/**
 * Moves the windows whose day is not `today` to `today` (`rangesOf` gives a window's ranges on a day), in the
 * caller's transaction, while incident writers wait (share lock): the days that enter are added and the days
 * that leave subtracted, read from the day aggregate; a window that does not overlap its new ranges is
 * emptied and filled. `only`: that window alone (each in its own transaction keeps writers waiting for one
 * window's move, not all). Returns the windows moved. Throws (lock_timeout) when writers hold the table too long.
 */
export async function moveWindows(
  trx: Transaction<DB>,
  today: string,
  rangesOf: (win: string) => WindowRanges,
  only?: { tbl: string; win: string },
): Promise<string[]> {
  await sql`set local lock_timeout = '1s'`.execute(trx);
  await sql`lock table incident in share mode`.execute(trx);
  const moved: string[] = [];
  const refilled = new Set<string>();
  for (const w of await windowStates(trx, { only })) {
    const next = rangesOf(w.win);
    // Same day and same ranges: nothing to do (a new rule for the ranges moves a window even on its day).
    if (w.anchor === today && sameRanges(w.ranges, next)) continue;
    const t = tableOf(w.tbl);
    const c = rangeShift(w.ranges?.c ?? null, next.c);
    const p = rangeShift(w.ranges?.p ?? null, next.p);
    if (c.reset && p.reset) {
      await sql`delete from ${sql.table(t.name)} where win = ${w.win}`.execute(trx);
      c.remove = [];
      p.remove = [];
    }
    const ranges = [...c.add, ...c.remove, ...p.add, ...p.remove];
    if (ranges.length) {
      const day = sql.ref('day');
      const cs = signOf(day, c);
      const ps = signOf(day, p);
      const dims = t.dims.map((d) => sql.ref(d));
      const cols = [...windowCols(t, 'c'), ...windowCols(t, 'p')].map((x) => sql.ref(x));
      const sums = [
        ...t.measures.map((m) => sql`sum(${sql.ref(m)} * cs) as ${sql.ref(`c_${m}`)}`),
        ...t.measures.map((m) => sql`sum(${sql.ref(m)} * ps) as ${sql.ref(`p_${m}`)}`),
      ];
      await sql`
        insert into ${sql.table(t.name)} (win, kind, ${sql.join(dims)}, ${sql.join(cols)})
        select * from (
          select ${w.win}::text as win, k.kind, ${sql.join(dims)}, ${sql.join(sums)}
          from (select *, ${cs} as cs, ${ps} as ps from ${sql.table(t.from)}
                where ${sql.join(
                  ranges.map((r) => sql`day between ${r.from}::date and ${r.to}::date`),
                  sql` or `,
                )}) s
          ${sql.raw(kindsOf(t, 's'))}
          group by k.kind, ${sql.join(dims)}) d
        where ${sql.join(
          cols.map((x) => sql`${x} <> 0`),
          sql` or `,
        )}
        on conflict (win, kind, ${sql.join(dims)}) do update set ${sql.join(
          [...windowCols(t, 'c'), ...windowCols(t, 'p')].map(
            (x) => sql`${sql.ref(x)} = ${sql.table(t.name)}.${sql.ref(x)} + excluded.${sql.ref(x)}`,
          ),
        )}`.execute(trx);
      // Only subtracting can empty a cell: look at the cells of the days that left, not at the whole window.
      const removed = [...c.remove, ...p.remove];
      if (removed.length) {
        await sql`delete from ${sql.table(t.name)} w using (
            select distinct ${sql.join(dims)} from ${sql.table(t.from)}
            where ${sql.join(
              removed.map((r) => sql`day between ${r.from}::date and ${r.to}::date`),
              sql` or `,
            )}) o
          where w.win = ${w.win} and ${sql.join(
            t.dims.map((d) => sql`w.${sql.ref(d)} = o.${sql.ref(d)}`),
            sql` and `,
          )} and w.c_n = 0 and w.p_n = 0`.execute(trx);
      }
    }
    if (c.reset || p.reset || !w.ranges) refilled.add(t.name);
    await sql`update stat_window set anchor = ${today}::date, c_from = ${next.c.from}::date, c_to = ${next.c.to}::date,
        p_from = ${next.p.from}::date, p_to = ${next.p.to}::date
      where tbl = ${w.tbl} and win = ${w.win}`.execute(trx);
    moved.push(`${w.tbl}:${w.win}`);
  }
  // A table filled or emptied in bulk: fresh planner statistics, or its first questions plan for the old size.
  for (const name of refilled) await sql`analyze ${sql.table(name)}`.execute(trx);
  return moved;
}

/** Empties every window (they are filled again by the next move), in the caller's transaction. */
export async function resetWindows(trx: Transaction<DB>): Promise<void> {
  const names = WINDOW_TABLES.flatMap((t) => (t.ranked ? [t.name, `${t.name}_total`] : [t.name]));
  await sql.raw(`truncate ${names.join(', ')}`).execute(trx);
  await sql`update stat_window set anchor = null, c_from = null, c_to = null, p_from = null, p_to = null`.execute(trx);
}

export interface WindowQuery {
  table: string;
  win: string;
  /** '' for every kind. */
  kind: string;
  /** Output key name → window column. */
  keys: { name: string; column: string }[];
  measures: readonly Measure[];
  /** Equality filters on the table's dimensions. */
  equals: Record<string, string>;
  /** (area_code, area_valid_from) pairs the cell must be one of. */
  areaPairs?: [string, string][];
  rank?: Rank;
}

/**
 * A question over one window, in the shape runParts returns (rows per side with the keys and measures; with
 * `rank` the first cells and the totals of every cell). Ranked by count with no filter, it reads the ranking
 * index and the totals table only.
 */
export async function windowParts(db: Q, q: WindowQuery): Promise<PartsResult> {
  const t = tableOf(q.table);
  const sides = ['c', 'p'] as const;
  // Every kind without '' rows: the kinds' rows of a cell are summed (grouped below).
  const sumKinds = q.kind === '' && !t.everyKind;
  const conds: RawBuilder<unknown>[] = [sql`win = ${q.win}`, ...(sumKinds ? [] : [sql`kind = ${q.kind}`])];
  for (const [col, v] of Object.entries(q.equals)) conds.push(sql`${sql.ref(col)} = ${v}`);
  if (q.areaPairs) {
    if (q.areaPairs.length === 0) conds.push(sql`false`);
    else {
      conds.push(sql`area_code in (${sql.join([...new Set(q.areaPairs.map(([c]) => c))])})`);
      conds.push(
        sql`(area_code, area_valid_from) in (select c, d from (values ${sql.join(q.areaPairs.map(([c, v]) => sql`(${c}::text, ${v}::date)`))}) v(c, d))`,
      );
    }
  }
  const where = sql.join(conds, sql` and `);
  const toRows = (all: Record<string, unknown>[]) =>
    sideRows(
      all,
      sides,
      q.keys.map((k) => k.name),
      q.measures,
    );
  const keyCols = q.keys.map((k) => sql.ref(k.column));
  const sameGrain =
    !sumKinds && q.keys.length === t.dims.length && t.dims.every((d) => q.keys.some((k) => k.column === d));
  const indexed =
    sameGrain && q.rank && !q.rank.minDen && Object.keys(q.equals).length === 0 && !q.areaPairs
      ? t.rankBy?.find((r) => r.num === q.rank!.num && (r.den ?? null) === (q.rank!.den ?? null))
      : undefined;
  if (indexed) {
    // The first cells from the rank index, in the ranking's tie order; the totals from the totals table, or
    // summed over the window's rows at the same time.
    const keySel = q.keys.map((k) => sql`${sql.ref(k.column)}::text as ${sql.ref(k.name)}`);
    const measureSel = sides.flatMap((side) =>
      q.measures.map((m) => sql`${sql.ref(`${side}_${m}`)}::float8 as ${sql.ref(`${side}_${m}`)}`),
    );
    const sumSel = sides.flatMap((side) =>
      q.measures.map((m) => sql`sum(${sql.ref(`${side}_${m}`)})::float8 as ${sql.ref(`${side}_${m}`)}`),
    );
    // Qualified: the output columns share the measures' names, and ORDER BY would take those (float8, no index).
    const order = sql.raw(`${rankScore(indexed).replace(/\bc_/g, `${t.name}.c_`)}, ${rankOrder(t).join(', ')}`);
    const [top, total] = await Promise.all([
      sql<
        Record<string, unknown>
      >`select ${sql.join(keySel)}, ${sql.join(measureSel)}, (c_n > 0)::int as c_present, (p_n > 0)::int as p_present
        from ${sql.table(t.name)} where ${where} order by ${order} limit ${q.rank!.limit}`.execute(db),
      t.ranked
        ? sql<
            Record<string, unknown>
          >`select cells::int as cells, ${sql.join(measureSel)} from ${sql.table(`${t.name}_total`)} where ${where}`.execute(
            db,
          )
        : sql<
            Record<string, unknown>
          >`select count(*)::int as cells, ${sql.join(sumSel)} from ${sql.table(t.name)} where ${where}`.execute(db),
    ]);
    const tot = total.rows[0] ?? {};
    return { rows: toRows(top.rows), totals: sideTotals(tot, sides, q.measures), cells: Number(tot.cells ?? 0) };
  }

  // At the table's own grain every cell is one row: nothing to group.
  const grouped = sameGrain
    ? sql`select ${sql.join(q.keys.map((k) => sql`${sql.ref(k.column)} as ${sql.ref(k.name)}`))},
        ${sql.join(sides.flatMap((side) => q.measures.map((m) => sql`${sql.ref(`${side}_${m}`)}::float8 as ${sql.ref(`${side}_${m}`)}`)))},
        (c_n > 0)::int as c_present, (p_n > 0)::int as p_present
      from ${sql.table(t.name)} where ${where}`
    : sql`select ${q.keys.length ? sql`${sql.join(q.keys.map((k) => sql`${sql.ref(k.column)} as ${sql.ref(k.name)}`))}, ` : sql``}
        ${sql.join(sides.flatMap((side) => q.measures.map((m) => sql`sum(${sql.ref(`${side}_${m}`)})::float8 as ${sql.ref(`${side}_${m}`)}`)))},
        count(*) filter (where c_n > 0) as c_present, count(*) filter (where p_n > 0) as p_present
      from ${sql.table(t.name)} where ${where}
      ${q.keys.length ? sql`group by ${sql.join(keyCols)}` : sql``}`;
  const keyText = q.keys.map((k) => sql`${sql.ref(k.name)}::text as ${sql.ref(k.name)}`);
  const cols = sql.join(
    sides.flatMap((side) => [...q.measures.map((m) => sql.ref(`${side}_${m}`)), sql.ref(`${side}_present`)]),
  );
  if (!q.rank || q.keys.length === 0) {
    const r = await sql<
      Record<string, unknown>
    >`select ${q.keys.length ? sql`${sql.join(keyText)}, ` : sql``}${cols} from (${grouped}) g`.execute(db);
    return { rows: toRows(r.rows) };
  }
  // As runParts: the first cells by their current value (rates: num / den), and the sums over every cell with
  // their count, as two queries at once (a pool runs them side by side).
  const cur = (m: Measure) => sql.ref(`c_${m}`);
  const score = q.rank.den ? sql`${cur(q.rank.num)} / nullif(${cur(q.rank.den)}, 0)` : cur(q.rank.num);
  const keyOrder = sql.join(q.keys.map((k) => sql`${sql.ref(k.name)}::text collate "C"`));
  // Rates: the cells with too few cases after the others (small numbers).
  const few = q.rank.den && q.rank.minDen ? sql`(${cur(q.rank.den)} < ${q.rank.minDen}), ` : sql``;
  const [top, sums] = await Promise.all([
    sql<
      Record<string, unknown>
    >`select ${sql.join(keyText)}, ${cols} from (${grouped}) g order by ${few}${score} desc nulls last, ${keyOrder} limit ${q.rank.limit}`.execute(
      db,
    ),
    sql<
      Record<string, unknown>
    >`select ${sql.join(sides.flatMap((side) => q.measures.map((m) => sql`sum(${sql.ref(`${side}_${m}`)})::float8 as ${sql.ref(`${side}_${m}`)}`)))},
        count(*)::int as cells from (${grouped}) g`.execute(db),
  ]);
  const last = sums.rows[0] ?? {};
  return { rows: toRows(top.rows), totals: sideTotals(last, sides, q.measures), cells: Number(last.cells ?? 0) };
}

/**
 * Compares each window table with the same sums computed from the raw incidents over its stored ranges, and
 * each totals table with the sums of its window table.
 */
export async function checkWindows(db: Q): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const t of WINDOW_TABLES) {
    const keys = ['win', 'kind', ...t.dims];
    const cols = [...windowCols(t, 'c'), ...windowCols(t, 'p')];
    // The expressions of the aggregates' raw views (the same list the triggers use), over `incident`.
    const measureExpr = (m: string) => sql.raw(MEASURES.find((x) => x.name === m)!.expr);
    const side = (s: 'c' | 'p') =>
      t.measures.map(
        (m) =>
          sql`sum(case when i.occurred_on between w.${sql.raw(s)}_from and w.${sql.raw(s)}_to then ${measureExpr(m)} else 0 end) as ${sql.ref(`${s}_${m}`)}`,
      );
    const dimExpr = (d: string) => sql.raw(DIM_EXPR[d]!.expr);
    const rawCells = sql`
      select w.win, k.kind, ${sql.join(t.dims.map((d) => sql`${dimExpr(d)} as ${sql.ref(d)}`))}, ${sql.join([...side('c'), ...side('p')])}
      from incident i
      join stat_window w on w.tbl = ${t.name} and (i.occurred_on between w.c_from and w.c_to or i.occurred_on between w.p_from and w.p_to)
      ${sql.raw(kindsOf(t, 'i'))}
      group by w.win, k.kind, ${sql.join(t.dims.map((_, i) => sql.raw(String(i + 3))))}`;
    const using = sql.raw(keys.join(', '));
    const differs = sql.join(
      cols.map((c) => sql`r.${sql.ref(c)} is distinct from s.${sql.ref(c)}`),
      sql` or `,
    );
    const diff = sql`from (${rawCells}) r full join ${sql.table(t.name)} s using (${using}) where ${differs}`;
    const [count, rows, samples] = await Promise.all([
      sql<{ n: number }>`select count(*)::int as n ${diff}`.execute(db),
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.name)}`.execute(db),
      sql<
        Record<string, unknown>
      >`select ${using}, ${sql.join(cols.map((c) => sql`r.${sql.ref(c)} as ${sql.ref(`raw_${c}`)}, s.${sql.ref(c)} as ${sql.ref(`agg_${c}`)}`))} ${diff} limit 5`.execute(
        db,
      ),
    ]);
    out.push({ table: t.name, rows: rows.rows[0]!.n, differences: count.rows[0]!.n, samples: samples.rows });
    if (!t.ranked) continue;
    const sums = sql`select win, kind, count(*)::numeric as cells, ${sql.join(cols.map((c) => sql`sum(${sql.ref(c)})::numeric as ${sql.ref(c)}`))} from ${sql.table(t.name)} group by win, kind`;
    const tdiff = sql`from (${sums}) r full join ${sql.table(`${t.name}_total`)} s using (win, kind)
      where coalesce(r.cells, 0) <> coalesce(s.cells, 0) or ${sql.join(
        cols.map((c) => sql`coalesce(r.${sql.ref(c)}, 0) <> coalesce(s.${sql.ref(c)}, 0)`),
        sql` or `,
      )}`;
    const [tc, tr, ts] = await Promise.all([
      sql<{ n: number }>`select count(*)::int as n ${tdiff}`.execute(db),
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${t.name}_total`)}`.execute(db),
      sql<
        Record<string, unknown>
      >`select win, kind, r.cells as raw_cells, s.cells as agg_cells ${tdiff} limit 5`.execute(db),
    ]);
    out.push({ table: `${t.name}_total`, rows: tr.rows[0]!.n, differences: tc.rows[0]!.n, samples: ts.rows });
  }
  return out;
}
