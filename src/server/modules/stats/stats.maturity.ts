import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { TStatResult } from '../../../contracts/stats';
import { addDays, hcmStartOfDay } from '../../../domain/calendar/dates';
import {
  expectedFinalRate,
  judgeRateTarget,
  maturingNote,
  maturityOf,
  RATE_TARGET_STATUS_LABELS,
  type Maturity,
  type MaturityBasis,
  type Parts,
} from '../../../domain/stats/maturity';
import type { TargetOp } from '../../../domain/plans/targets';
import type { DB } from '../../platform/db/schema.generated';
import type { MetricDef } from './stats.metrics';
import type { Sides } from './stats.plan';
import * as repo from './stats.repository';
import type { Key, Measure, Source } from './stats.repository';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Rates at the same maturity (src/domain/stats/maturity.ts): the comparison side of a clearance or
 * report-resolution rate counted as it stood at its cut-off date. The aggregates count every clearing whatever
 * its date (they do not carry `cleared_on`), so these counts come from the raw incident table, over the
 * comparison range only, with the query's filters and the actor's scope (`whereOf` on the raw source).
 */

/** The date a rate's numerator was reached: the clearing (khám phá) or the decision on a crime report. */
const SETTLED_ON: Partial<Record<Measure, string>> = {
  cleared: 'cleared_on',
  cleared_ta: 'cleared_on',
  decided: 'decided_on',
};

/** The maturity rule of a metric, or null when it is not a clearance / resolution rate. */
export function maturityBasisOf(def: MetricDef): MaturityBasis | null {
  if (!def.den || def.events || !SETTLED_ON[def.num]) return null;
  return def.kind === 'crime_report' ? 'report_resolution' : 'clearance';
}

/** A side's counts with the comparison's final counts beside the matured ones. */
export type MaturedSides = Sides & { final?: Parts };

/**
 * Per cell (keys joined by '|', as the service keys its cells) and in total: the comparison range's cases
 * (den) and those of them cleared / decided by `cutoff` (num). One scan of the raw table over the range; the
 * occurrence instants bound it too, so the (kind, occurred_at) index finds the rows.
 */
export async function maturedCounts(
  db: Q,
  input: {
    def: MetricDef;
    from: string;
    to: string;
    cutoff: string;
    keys: readonly Key[];
    where: (s: Source) => RawBuilder<boolean>;
  },
): Promise<{ total: Parts; cells: { keys: string[]; num: number; den: number }[] }> {
  const s = repo.INCIDENT_SOURCE;
  const { def, keys } = input;
  const settled = sql`${sql.ref(SETTLED_ON[def.num]!)} <= ${input.cutoff}`;
  const keySel = keys.map((k, i) => sql`(${k.expr(s)})::text as ${sql.ref(`k${i}`)}`);
  const rows = await sql<Record<string, unknown>>`
    select ${keys.length ? sql`${sql.join(keySel)}, ` : sql``}
      ${repo.measureExpr(s, def.num, settled)} as num, ${repo.measureExpr(s, def.den!)} as den
    from incident
    where occurred_on between ${input.from} and ${input.to}
      and occurred_at >= ${hcmStartOfDay(input.from)} and occurred_at < ${hcmStartOfDay(addDays(input.to, 1))}
      and ${input.where(s)}
    ${keys.length ? sql`group by ${sql.join(keys.map((_, i) => sql.raw(String(i + 1))))}` : sql``}`.execute(db);
  const total: Parts = { num: 0, den: 0 };
  const cells = rows.rows.map((r) => {
    const num = Number(r.num);
    const den = Number(r.den);
    total.num += num;
    total.den += den;
    return { keys: keys.map((_, i) => String(r[`k${i}`])), num, den };
  });
  return { total, cells };
}

/**
 * Puts the matured comparison in place: each side's `p` becomes the counts at the cut-off and `final` keeps
 * the final ones. `alignKeys` places a comparison cell on the cell it compares with (time buckets a year on).
 */
export function applyMatured(
  total: MaturedSides,
  cells: Map<string, MaturedSides & { keys: string[] }>,
  matured: Awaited<ReturnType<typeof maturedCounts>>,
  alignKeys: ((k: string[]) => string[]) | null,
): void {
  total.final = { ...total.p };
  total.p = { ...matured.total };
  if (!alignKeys) return;
  const byId = new Map<string, Parts>();
  for (const m of matured.cells) {
    const id = alignKeys(m.keys).join('|');
    const x = byId.get(id) ?? { num: 0, den: 0 };
    x.num += m.num;
    x.den += m.den;
    byId.set(id, x);
  }
  for (const [id, cell] of cells) {
    cell.final = { ...cell.p };
    cell.p = { ...(byId.get(id) ?? { num: 0, den: 0 }) };
  }
}

/** The maturity of a result's rate, as the API states it. */
export function maturityOut(m: Maturity, total: MaturedSides): NonNullable<TStatResult['value']['maturity']> {
  return {
    expected: expectedOf(total, m),
    asOf: m.asOf,
    cutoff: m.cutoff,
    comparisonCutoff: m.comparisonCutoff,
    maturing: m.maturing,
    maturingUntil: m.maturingUntil,
    note: maturingNote(m),
    source: m.rule.source,
  };
}

export { maturityOf };

/** While maturing: the rate the current cases are expected to reach, judged on the comparison's maturing. */
function expectedOf(total: MaturedSides, m: Maturity | null): number | null {
  return m?.maturing && total.final && m.comparisonCutoff !== null
    ? expectedFinalRate(total.c, total.p, total.final)
    : null;
}

/** The target of a rate judged like for like: status, its label and the expected final rate while maturing. */
export function judgedTarget(
  t: { op: string; value: number },
  total: MaturedSides,
  current: number | null,
  m: Maturity | null,
) {
  const expected = expectedOf(total, m);
  const status = judgeRateTarget({
    current,
    expected,
    maturing: m?.maturing ?? false,
    op: t.op as TargetOp,
    value: t.value,
  });
  return { status, statusLabel: status ? RATE_TARGET_STATUS_LABELS[status] : null, expected };
}
