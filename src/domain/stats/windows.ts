import { addDays, type DateString } from '../calendar/dates';

/** Inclusive range of Hanoi dates. */
export interface DateRange {
  from: DateString;
  to: DateString;
}

/**
 * What moving a window from `old` to `next` adds and removes: `add` = next \ old, `remove` = old \ next, each at
 * most two ranges, disjoint. For every day d: [d ∈ next] − [d ∈ old] = [d ∈ add] − [d ∈ remove]. `old` null: the
 * window was empty (never filled). `reset`: the two do not overlap, so dropping the old rows is cheaper than
 * subtracting them day by day.
 */
export function rangeShift(old: DateRange | null, next: DateRange): { add: DateRange[]; remove: DateRange[]; reset: boolean } {
  if (next.to < next.from) throw new RangeError(`empty range ${next.from}–${next.to}`);
  if (!old || old.to < next.from || next.to < old.from) return { add: [next], remove: old ? [old] : [], reset: old !== null };
  return { add: minus(next, old), remove: minus(old, next), reset: false };
}

/** a \ b for overlapping ranges. */
function minus(a: DateRange, b: DateRange): DateRange[] {
  const out: DateRange[] = [];
  if (a.from < b.from) out.push({ from: a.from, to: addDays(b.from, -1) });
  if (a.to > b.to) out.push({ from: addDays(b.to, 1), to: a.to });
  return out;
}
