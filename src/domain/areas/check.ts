/**
 * Consistency report over areas, lineage links and boundary codes. Pure; the caller decides whether an
 * issue blocks an import. Known, explained gaps in the lineage (`UnmappedArea`) are reported apart from
 * issues.
 */
import { areaKey, isIsoDate } from './lineage';
import type { Area, IsoDate, LineageLink, UnmappedArea } from './types';

export type AreaIssueKind =
  | 'invalid-interval'
  | 'duplicate-code'
  | 'gap'
  | 'missing-parent'
  | 'link-unknown-area'
  | 'link-not-consecutive'
  | 'link-duplicate'
  | 'link-relation'
  | 'no-successor'
  | 'no-predecessor'
  | 'missing-geometry'
  | 'unknown-geometry';

export interface AreaIssue {
  readonly kind: AreaIssueKind;
  /** The area concerned, `code@validFrom` (or a bare code for geometry). */
  readonly key: string;
  readonly message: string;
}

/** Which communes must have a polygon: those valid on `date` (optionally only in one province). */
export interface GeometryCoverageInput {
  readonly date: IsoDate;
  readonly codes: Iterable<string>;
  readonly provinceCode?: string;
}

export interface AreaCheckReport {
  readonly ok: boolean;
  readonly issues: readonly AreaIssue[];
  /** Known lineage gaps, with their reason; not counted as issues. */
  readonly unmapped: readonly UnmappedArea[];
  readonly counts: { readonly areas: number; readonly links: number; readonly geometries: number };
}

const nextDay = (date: IsoDate): IsoDate => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const overlaps = (a: Area, b: Area): boolean =>
  a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');

/**
 * Check:
 * - intervals: valid dates, validFrom ≤ validTo;
 * - duplicate codes within overlapping validity intervals; a gap between two records of one code;
 * - every parent exists over the child's whole interval;
 * - links: both ends exist, the new end starts the day after the old one ends, no pair twice;
 *   a `full`/`same` link is the only link of its old area;
 * - lineage coverage: every commune that ends has a successor link or is listed as unmapped, and every
 *   commune that starts the day after communes of its province ended has a predecessor link (or is the
 *   renamed next holder of an unmapped area's code);
 * - geometry coverage: every commune in scope has a polygon, every polygon code is such a commune.
 */
export function checkAreas(
  areas: readonly Area[],
  links: readonly LineageLink[],
  geometry?: GeometryCoverageInput,
  unmapped: readonly UnmappedArea[] = [],
): AreaCheckReport {
  const issues: AreaIssue[] = [];
  const add = (kind: AreaIssueKind, key: string, message: string) => issues.push({ kind, key, message });

  const byKey = new Map<string, Area>();
  const byCode = new Map<string, Area[]>();
  for (const a of areas) {
    const key = areaKey(a.code, a.validFrom);
    if (
      !isIsoDate(a.validFrom) ||
      (a.validTo !== null && !isIsoDate(a.validTo)) ||
      (a.validTo !== null && a.validTo < a.validFrom)
    ) {
      add('invalid-interval', key, `${a.fullName}: invalid interval ${a.validFrom} → ${a.validTo ?? '…'}`);
    }
    byKey.set(key, a);
    const list = byCode.get(a.code) ?? [];
    list.push(a);
    byCode.set(a.code, list);
  }

  for (const [code, list] of byCode) {
    list.sort((x, y) => (x.validFrom < y.validFrom ? -1 : x.validFrom > y.validFrom ? 1 : 0));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if (overlaps(prev, cur)) {
        add(
          'duplicate-code',
          areaKey(code, cur.validFrom),
          `code ${code} is both ${prev.fullName} and ${cur.fullName} on ${cur.validFrom}`,
        );
      } else if (prev.validTo !== null && nextDay(prev.validTo) !== cur.validFrom) {
        add(
          'gap',
          areaKey(code, cur.validFrom),
          `code ${code} is unused from ${nextDay(prev.validTo)} to the day before ${cur.validFrom}`,
        );
      }
    }
  }

  for (const a of areas) {
    if (a.parentCode === null) continue;
    const parents = byCode.get(a.parentCode) ?? [];
    const coveringFrom = parents.find(
      (p) => p.validFrom <= a.validFrom && (p.validTo === null || (a.validTo !== null && a.validTo <= p.validTo)),
    );
    if (!coveringFrom || coveringFrom.level >= a.level) {
      add(
        'missing-parent',
        areaKey(a.code, a.validFrom),
        `${a.fullName}: no parent ${a.parentCode} over ${a.validFrom} → ${a.validTo ?? '…'}`,
      );
    }
  }

  const outgoing = new Map<string, LineageLink[]>();
  const incoming = new Map<string, LineageLink[]>();
  const pairs = new Set<string>();
  for (const l of links) {
    const from = areaKey(l.fromCode, l.fromValidFrom);
    const to = areaKey(l.toCode, l.toValidFrom);
    const a = byKey.get(from);
    const b = byKey.get(to);
    if (!a || !b) {
      add('link-unknown-area', a ? to : from, `link ${from} → ${to} names an area that does not exist`);
      continue;
    }
    if (a.validTo === null || nextDay(a.validTo) !== b.validFrom) {
      add(
        'link-not-consecutive',
        from,
        `link ${from} → ${to}: ${b.validFrom} is not the day after ${a.validTo ?? '…'}`,
      );
    }
    if (pairs.has(`${from}>${to}`)) add('link-duplicate', from, `link ${from} → ${to} appears twice`);
    pairs.add(`${from}>${to}`);
    (outgoing.get(from) ?? outgoing.set(from, []).get(from)!).push(l);
    (incoming.get(to) ?? incoming.set(to, []).get(to)!).push(l);
  }
  for (const [from, list] of outgoing) {
    const whole = list.filter((l) => l.relation !== 'partial');
    if (whole.length > 0 && list.length > 1) {
      add(
        'link-relation',
        from,
        `${from} goes wholly (${whole[0]!.relation}) to one area but has ${list.length} links`,
      );
    }
    if (whole.length === 0 && list.length === 1) {
      add('link-relation', from, `${from} is split (partial) but has only one target`);
    }
  }

  // Lineage coverage between consecutive commune generations.
  const unmappedKeys = new Set(unmapped.map((u) => areaKey(u.code, u.validFrom)));
  const communeStarts = new Set(areas.filter((a) => a.level === 3).map((a) => a.validFrom));
  for (const a of areas) {
    if (a.level !== 3) continue;
    const key = areaKey(a.code, a.validFrom);
    // Only communes whose end is followed by a loaded generation need a successor.
    if (a.validTo !== null && communeStarts.has(nextDay(a.validTo)) && !outgoing.has(key) && !unmappedKeys.has(key)) {
      add(
        'no-successor',
        key,
        `${a.fullName} (${a.code}) ends ${a.validTo} with no successor and is not listed as unmapped`,
      );
    }
  }
  // Predecessors: a commune that starts the day after a loaded generation ended, in a province that had
  // communes then, must come from somewhere (unless some predecessor is a listed unmapped area).
  const endedOn = new Map<IsoDate, Set<string>>(); // day after end → provinces of ended communes
  const provinceOf = (a: Area): string | null => {
    let cur: Area | undefined = a;
    for (let i = 0; i < 3 && cur; i++) {
      if (cur.level === 1) return cur.code;
      const parentCode: string | null = cur.parentCode;
      cur =
        parentCode === null
          ? undefined
          : byCode
              .get(parentCode)
              ?.find((p) => p.validFrom <= a.validFrom && (p.validTo === null || a.validFrom <= p.validTo));
    }
    return null;
  };
  for (const a of areas) {
    if (a.level === 3 && a.validTo !== null) {
      const day = nextDay(a.validTo);
      const set = endedOn.get(day) ?? new Set<string>();
      set.add(provinceOf(a) ?? '?');
      endedOn.set(day, set);
    }
  }
  for (const a of areas) {
    if (a.level !== 3) continue;
    const key = areaKey(a.code, a.validFrom);
    if (incoming.has(key) || !endedOn.get(a.validFrom)?.has(provinceOf(a) ?? '?')) continue;
    // A renamed commune whose predecessor under the same code is a listed unmapped area is explained.
    const explained = unmapped.some((u) => u.code === a.code && u.nextFullName === a.fullName);
    if (!explained) add('no-predecessor', key, `${a.fullName} (${a.code}) starts ${a.validFrom} with no predecessor`);
  }

  let geometries = 0;
  if (geometry) {
    const codes = new Set(geometry.codes);
    geometries = codes.size;
    const inScope = areas.filter(
      (a) =>
        a.level === 3 &&
        a.validFrom <= geometry.date &&
        (a.validTo === null || geometry.date <= a.validTo) &&
        (geometry.provinceCode === undefined || provinceOf(a) === geometry.provinceCode),
    );
    const scopeCodes = new Set(inScope.map((a) => a.code));
    for (const a of inScope) {
      if (!codes.has(a.code)) add('missing-geometry', a.code, `${a.fullName} (${a.code}) has no polygon`);
    }
    for (const c of codes) {
      if (!scopeCodes.has(c)) add('unknown-geometry', c, `polygon ${c} matches no commune valid on ${geometry.date}`);
    }
  }

  return {
    ok: issues.length === 0,
    issues,
    unmapped,
    counts: { areas: areas.length, links: links.length, geometries },
  };
}
