import {
  addDays,
  addMonths,
  assertDate,
  fromEpochDay,
  fromParts,
  HCM_OFFSET_MS,
  parts,
  toEpochDay,
  type DateString,
} from '../calendar/dates';
import { isTrongAn, severityOf, statisticalGroupOf, type SeverityClass, type StatisticalGroup } from '../law/penal-code';
import {
  cumulative,
  draw,
  hash32,
  intBetween,
  logNormal,
  pick,
  pickIndex,
  poisson,
  Quota,
  rngFrom,
  weighted,
  type Rng,
  type Weighted,
} from './random';
import {
  dayShape,
  HOUR_PROFILES,
  meanShape,
  socialOrderTarget,
  STREAM_RHYTHM,
  WINTER_MONTHS,
  yearlyVolume,
  type HourProfile,
  type Rhythm,
  type Stream,
} from './rhythms';
import type { DemoCommune, DemoIncident, DemoInput, DepartmentCode } from './types';
import {
  addressFor,
  crimeTitle,
  FIRE_CAUSE_UNKNOWN,
  FIRE_CAUSES,
  FIRE_PREMISES,
  fireTitle,
  FRAUD_SCENARIOS,
  reportTitle,
  scamIdentifier,
  trafficTitle,
} from './vocab';

/**
 * The demo incidents of Hanoi from `from` to `until`, streamed day by day (a generator: memory stays
 * bounded at any scale). Deterministic: every day and stream draws from its own PRNG seeded by
 * (seed, stream, day, n), so the records of a past day do not change when `until` moves on; only
 * statuses, clearances and decisions that fall after `until` are withheld, and records not yet
 * received by the end of `until` are not emitted (a late-reported fraud appears once reported).
 *
 * Calibration: social-order criminal cases are first planned per Decree 09 reporting year (an exact
 * total spread over the days by the rhythm, with Poisson noise, then corrected to the total), so the
 * 2024 reporting year is exactly 17.1% below 2023 at every scale. Clearance and timely decisions use
 * error-diffusion quotas, so their rates hold in every year. Every other figure is Poisson noise around
 * the volumes and rhythms of rhythms.ts.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The 2025 boundaries (and `locate`) are valid from this date. */
const LOCATOR_FROM: DateString = '2025-07-01';

/** Order in which streams are generated each day, and their code in externalId. */
const STREAMS: readonly { stream: Stream; code: string }[] = [
  { stream: 'social_order', code: 'so' },
  { stream: 'drugs', code: 'dr' },
  { stream: 'high_tech', code: 'ht' },
  { stream: 'economic', code: 'ec' },
  { stream: 'traffic_crime', code: 'tc' },
  { stream: 'crime_report', code: 'rp' },
  { stream: 'traffic_accident', code: 'ta' },
  { stream: 'fire', code: 'fi' },
  { stream: 'online_fraud', code: 'of' },
];

// ---------------------------------------------------------------------------------------------------------
// Articles and clauses

/**
 * Social-order offences in criminal cases, weights in percent. Basis: thefts are about half of
 * social-order crime in Hanoi's reports, then fraud, assault, gambling and snatching; murders and rapes
 * are 1–2% each.
 */
const SOCIAL_ORDER_ARTICLES = weighted<string>([
  ['173', 46], ['174', 10], ['134', 10], ['321', 7], ['171', 6], ['168', 3], ['175', 3], ['178', 3], ['170', 2],
  ['318', 2], ['322', 1.5], ['123', 1.5], ['141', 1.5], ['330', 1], ['128', 0.5], ['304', 0.5], ['169', 0.3], ['150', 0.2],
]);
/** Drug cases: possession and dealing dominate. */
const DRUG_ARTICLES = weighted<string>([['249', 50], ['251', 35], ['255', 10], ['250', 5]]);
const HIGH_TECH_ARTICLES = weighted<string>([['290', 1]]);
/** Economic, corruption and smuggling cases: counterfeit goods, smuggling, banned goods, embezzlement, bribes. */
const ECONOMIC_ARTICLES = weighted<string>([['192', 30], ['188', 20], ['190', 15], ['200', 5], ['353', 15], ['354', 15]]);
const TRAFFIC_CRIME_ARTICLES = weighted<string>([['260', 1]]);
/** Offences named in crime reports and tips: more frauds (many end with no case or a transfer). */
const REPORT_ARTICLES = weighted<string>([
  ['173', 35], ['174', 18], ['134', 9], ['175', 6], ['290', 6], ['171', 5], ['178', 4], ['170', 3], ['260', 3],
  ['168', 2], ['321', 2], ['249', 2], ['318', 2], ['141', 1], ['123', 0.5], ['128', 0.5], ['192', 0.5], ['353', 0.3], ['354', 0.2],
]);

const ARTICLES_OF: Readonly<Record<Exclude<Stream, 'crime_report' | 'traffic_accident' | 'fire' | 'online_fraud'>, Weighted<string>>> = {
  social_order: SOCIAL_ORDER_ARTICLES,
  drugs: DRUG_ARTICLES,
  high_tech: HIGH_TECH_ARTICLES,
  economic: ECONOMIC_ARTICLES,
  traffic_crime: TRAFFIC_CRIME_ARTICLES,
};

/** Clause weights: clause 1 (the basic bracket) most of the time, aggravated clauses rarer. */
const DEFAULT_CLAUSES = weighted<number>([[1, 75], [2, 18], [3, 5], [4, 2]]);
const CLAUSES: Readonly<Record<string, Weighted<number>>> = {
  '123': weighted([[1, 85], [2, 15]]),
  '128': weighted([[1, 90], [2, 10]]),
  '134': weighted([[1, 60], [2, 25], [3, 10], [4, 5]]),
  '141': weighted([[1, 70], [2, 25], [3, 5]]),
  '150': weighted([[1, 80], [2, 15], [3, 5]]),
  '168': weighted([[1, 70], [2, 25], [3, 4], [4, 1]]),
  '249': weighted([[1, 80], [2, 12], [3, 6], [4, 2]]),
  '250': weighted([[1, 60], [2, 30], [3, 10]]),
  '251': weighted([[1, 60], [2, 30], [3, 7], [4, 3]]),
  '255': weighted([[1, 85], [2, 15]]),
  '260': weighted([[1, 70], [2, 25], [3, 5]]),
  '318': weighted([[1, 85], [2, 15]]),
  '321': weighted([[1, 85], [2, 15]]),
  '322': weighted([[1, 85], [2, 15]]),
  '330': weighted([[1, 90], [2, 10]]),
};
const REPORT_CLAUSES = weighted<number>([[1, 85], [2, 12], [3, 3]]);

interface Offence {
  article: string;
  clause: number;
  severity: SeverityClass;
  trongAn: boolean;
  group: StatisticalGroup;
}

const offenceCache = new Map<string, Offence>();

/** Article and clause checked against the catalogue on the date (falls back to clause 1). */
function offence(article: string, clause: number, date: DateString): Offence {
  const key = `${article}:${clause}:${date >= LOCATOR_FROM ? 'n' : 'o'}`;
  const cached = offenceCache.get(key);
  if (cached) return cached;
  let c = clause;
  let s = severityOf(article, c, date);
  if (!s.ok) {
    // Unknown clause (or no clause data in the catalogue, e.g. arts. 188–200): the basic clause 1.
    c = 1;
    s = severityOf(article, c, date);
  }
  const g = statisticalGroupOf(article);
  const severity: SeverityClass = s.ok ? s.value : 'it_nghiem_trong';
  const result: Offence = { article, clause: c, severity, trongAn: isTrongAn(severity), group: g.ok ? g.value : 'khac' };
  offenceCache.set(key, result);
  return result;
}

type ArticleFamily = 'theft' | 'violent' | 'gambling' | 'drugs' | 'fraud' | 'economic' | 'traffic' | 'arrest';

const FAMILY: Readonly<Record<string, ArticleFamily>> = {
  '173': 'theft', '171': 'theft', '175': 'fraud', '178': 'theft',
  '123': 'violent', '128': 'violent', '134': 'violent', '141': 'violent', '150': 'violent', '168': 'violent',
  '169': 'violent', '170': 'violent', '318': 'violent',
  '321': 'gambling', '322': 'gambling',
  '249': 'drugs', '250': 'drugs', '251': 'drugs', '255': 'drugs',
  '174': 'fraud', '290': 'fraud',
  '188': 'economic', '192': 'economic', '353': 'economic', '354': 'economic',
  '260': 'traffic',
  '304': 'arrest', '330': 'arrest',
};
const familyOf = (article: string): ArticleFamily => FAMILY[article] ?? 'violent';

const HOUR_OF_FAMILY: Readonly<Record<ArticleFamily, HourProfile>> = {
  theft: 'theft', violent: 'violent', gambling: 'gambling', drugs: 'drugs', fraud: 'fraud', economic: 'office', traffic: 'traffic', arrest: 'violent',
};

// ---------------------------------------------------------------------------------------------------------
// Places

type SpatialProfile = 'people' | 'theft' | 'drugs' | 'traffic' | 'fire';
const SPATIAL_PROFILES: readonly SpatialProfile[] = ['people', 'theft', 'drugs', 'traffic', 'fire'];

interface PreparedCommune {
  readonly c: DemoCommune;
  readonly urban: boolean;
  readonly hot: boolean;
}

interface Epoch {
  readonly start: number;
  readonly end: number;
  readonly communes: readonly PreparedCommune[];
  readonly cum: Readonly<Record<SpatialProfile, Float64Array>>;
}

const isUrban = (type: string): boolean => type === 'phuong';

function baseWeight(c: DemoCommune): number {
  if (c.weight !== undefined && c.weight >= 0) return c.weight;
  return c.type === 'phuong' ? 3 : c.type === 'thi_tran' ? 1.5 : 1;
}

/**
 * Relative weight of a commune per spatial profile: inner-city wards are busier; the persistent hot
 * spots draw 4× the thefts (and 2× the drug cases), so Getis-Ord Gi* has something real to find;
 * fatal road accidents and fires lean to the outer communes (highways, workshops, fields).
 */
function profileWeight(p: PreparedCommune, profile: SpatialProfile): number {
  const w = baseWeight(p.c);
  switch (profile) {
    case 'people':
      return w;
    case 'theft':
      return w * (p.hot ? 4 : 1);
    case 'drugs':
      return w * (p.hot ? 2 : 1);
    case 'traffic':
      return w * (p.urban ? 0.7 : 1.6);
    case 'fire':
      return w * (p.urban ? 0.8 : 1.2);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The generator

interface Context {
  readonly input: DemoInput;
  readonly seed: number;
  readonly untilDay: number;
  /** The last millisecond of `until` (Hanoi), as ISO: records received later are not emitted. */
  readonly untilEndIso: string;
  readonly departments: ReadonlyMap<string, string>;
  readonly hourCum: Readonly<Record<HourProfile, Float64Array>>;
  readonly quotas: Map<string, Quota>;
  readonly unitCache: Map<string, string | null>;
  readonly bboxCache: Map<string, [number, number, number, number] | null>;
  readonly successorCache: Map<string, readonly string[]>;
  readonly scamPool: number;
}

/** Streams the demo incidents (see the module comment). */
export function* generateDemoIncidents(input: DemoInput): Generator<DemoIncident, void, undefined> {
  assertDate(input.from);
  assertDate(input.until);
  if (!(input.scale > 0) || !Number.isFinite(input.scale)) throw new RangeError(`scale must be a positive number: ${input.scale}`);
  const fromDay = toEpochDay(input.from);
  const untilDay = toEpochDay(input.until);
  if (untilDay < fromDay) return;

  const hourCum = Object.fromEntries(
    (Object.keys(HOUR_PROFILES) as HourProfile[]).map((k) => [k, cumulative(HOUR_PROFILES[k])]),
  ) as Record<HourProfile, Float64Array>;
  const ctx: Context = {
    input,
    seed: input.seed,
    untilDay,
    untilEndIso: new Date((untilDay + 1) * DAY_MS - HCM_OFFSET_MS - 1).toISOString(),
    departments: new Map(input.departmentUnits.map((d) => [d.code, d.id])),
    hourCum,
    quotas: new Map(),
    unitCache: new Map(),
    bboxCache: new Map(),
    successorCache: new Map(),
    // Scam identifiers recur: each report draws from a pool of ~2,000 per unit of scale.
    scamPool: Math.max(50, Math.round(2000 * input.scale)),
  };
  const epochs = buildEpochs(input);
  const plans = new Map<number, Int32Array>();
  let epochIndex = 0;

  for (let day = fromDay; day <= untilDay; day++) {
    while (epochIndex < epochs.length && epochs[epochIndex]!.end < day) epochIndex++;
    const epoch = epochs[epochIndex];
    if (!epoch || epoch.start > day) continue; // no commune valid that day
    const date = fromEpochDay(day);
    const { year, month } = parts(date);
    const shapes = new Map<Rhythm, number>();
    const shapeOf = (r: Rhythm) => {
      let v = shapes.get(r);
      if (v === undefined) {
        v = dayShape(date, r);
        shapes.set(r, v);
      }
      return v;
    };
    const daysInYear = toEpochDay(fromParts(year + 1, 1, 1)) - toEpochDay(fromParts(year, 1, 1));
    if (ctx.unitCache.size > 100_000) ctx.unitCache.clear();

    for (let s = 0; s < STREAMS.length; s++) {
      const { stream, code } = STREAMS[s]!;
      const rng = rngFrom(hash32(ctx.seed, s, day));
      let n: number;
      if (stream === 'social_order') {
        n = plannedCount(ctx, plans, day, date);
      } else {
        const rhythm = STREAM_RHYTHM[stream];
        const lambda = (yearlyVolume(stream, year) * input.scale * shapeOf(rhythm)) / meanShape(year, rhythm) / daysInYear;
        n = poisson(rng, lambda);
      }
      const ymd = date.replaceAll('-', '');
      for (let i = 0; i < n; i++) {
        const id = `demo-${ctx.seed}-${ymd}-${code}${i + 1}`;
        // One PRNG per record: a record's draws never shift another's.
        const record = build(ctx, stream, rngFrom(hash32(ctx.seed, s, day, i)), id, day, date, month, epoch);
        // Not yet reported by the end of `until`: the registry does not know it yet.
        if (record.receivedAt <= ctx.untilEndIso) yield record;
      }
    }
  }
}

/** Reporting year (Decree 09) of a date: 15/12/Y−1 … 14/12/Y is year Y. */
function reportYearOf(date: DateString): number {
  const { year, month, day } = parts(date);
  return month === 12 && day >= 15 ? year + 1 : year;
}

/**
 * Daily counts of social-order criminal cases for a whole reporting year: Poisson around the rhythm,
 * then corrected one case at a time (days drawn by the rhythm) to the year's exact target.
 */
function plannedCount(ctx: Context, plans: Map<number, Int32Array>, day: number, date: DateString): number {
  const ry = reportYearOf(date);
  let plan = plans.get(ry);
  const start = toEpochDay(fromParts(ry - 1, 12, 15));
  if (!plan) {
    const end = toEpochDay(fromParts(ry, 12, 14));
    const n = end - start + 1;
    const shape = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      shape[i] = dayShape(fromEpochDay(start + i), 'crime');
      sum += shape[i]!;
    }
    const target = socialOrderTarget(ry, ctx.input.scale);
    const rng = rngFrom(hash32(ctx.seed, 'plan', ry));
    plan = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      plan[i] = poisson(rng, (target * shape[i]!) / sum);
      total += plan[i]!;
    }
    const cum = cumulative(Array.from(shape));
    while (total !== target) {
      const i = pickIndex(rng, cum);
      if (total < target) {
        plan[i]!++;
        total++;
      } else if (plan[i]! > 0) {
        plan[i]!--;
        total--;
      }
    }
    plans.set(ry, plan);
    for (const k of plans.keys()) if (k < ry - 1) plans.delete(k);
  }
  return plan[day - start]!;
}

function buildEpochs(input: DemoInput): Epoch[] {
  const points = new Set<number>();
  for (const c of input.communes) {
    points.add(toEpochDay(c.validFrom));
    if (c.validTo !== null) points.add(toEpochDay(c.validTo) + 1);
  }
  const sorted = [...points].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  // Hot spots: among the wards of the latest generation, 5–8 chosen by the seed (fewer in a tiny input).
  const latestFrom = input.communes.reduce((m, c) => (c.validFrom > m ? c.validFrom : m), '0000-01-01');
  const latest = input.communes.filter((c) => c.validFrom === latestFrom);
  const wards = latest.filter((c) => isUrban(c.type)).sort((a, b) => hash32(input.seed, 'hot', a.code) - hash32(input.seed, 'hot', b.code));
  const hotCount = Math.min(Math.max(5, Math.min(8, Math.round(latest.length * 0.05))), Math.max(1, Math.floor(wards.length / 3)));
  const hot = new Set(wards.slice(0, hotCount).map((c) => c.code));
  const isHot = (c: DemoCommune): boolean => {
    if (c.validFrom >= latestFrom) return hot.has(c.code);
    const successors = input.successorsOf?.(c.code, c.validFrom);
    if (successors && successors.length > 0) return successors.some((s) => hot.has(s));
    return hot.has(c.code);
  };
  const prepared = input.communes.map((c) => ({ c, urban: isUrban(c.type), hot: isHot(c) }));

  const epochs: Epoch[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const start = sorted[k]!;
    const end = k + 1 < sorted.length ? sorted[k + 1]! - 1 : Number.MAX_SAFE_INTEGER;
    const communes = prepared
      .filter((p) => toEpochDay(p.c.validFrom) <= start && (p.c.validTo === null || toEpochDay(p.c.validTo) >= start))
      .sort((a, b) => (a.c.code < b.c.code ? -1 : a.c.code > b.c.code ? 1 : a.c.validFrom < b.c.validFrom ? -1 : 1));
    if (communes.length === 0) continue;
    const cum = Object.fromEntries(SPATIAL_PROFILES.map((p) => [p, cumulative(communes.map((x) => profileWeight(x, p)))])) as Record<
      SpatialProfile,
      Float64Array
    >;
    epochs.push({ start, end, communes, cum });
  }
  return epochs;
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces of a record

const iso = (ms: number): string => new Date(ms).toISOString();
const dayOfMs = (ms: number): number => Math.floor((ms + HCM_OFFSET_MS) / DAY_MS);
const startMsOf = (day: number): number => day * DAY_MS - HCM_OFFSET_MS;

function occurredMsOf(ctx: Context, rng: Rng, day: number, profile: HourProfile): number {
  const hour = pickIndex(rng, ctx.hourCum[profile]);
  return startMsOf(day) + hour * HOUR_MS + Math.floor(rng() * 60) * MINUTE_MS + Math.floor(rng() * 60) * 1000;
}

/** Receipt after a delay (whole seconds), never before the occurrence. */
function receivedMsOf(occurredMs: number, delayMs: number): number {
  return occurredMs + Math.max(0, Math.round(delayMs / 1000) * 1000);
}

function quota(ctx: Context, name: string): Quota {
  let q = ctx.quotas.get(name);
  if (!q) {
    q = new Quota(rngFrom(hash32(ctx.seed, 'quota', name)));
    ctx.quotas.set(name, q);
  }
  return q;
}

function pickCommune(rng: Rng, epoch: Epoch, profile: SpatialProfile): PreparedCommune {
  return epoch.communes[pickIndex(rng, epoch.cum[profile])]!;
}

function communeUnit(ctx: Context, code: string, day: number, fallbackDay: number): string | null {
  const key = `${code}|${day}`;
  let id = ctx.unitCache.get(key);
  if (id === undefined) {
    id = ctx.input.unitFor(code, fromEpochDay(day));
    if (id === null && fallbackDay !== day) id = ctx.input.unitFor(code, fromEpochDay(fallbackDay));
    ctx.unitCache.set(key, id);
  }
  return id;
}

/** The department when asked for and present, else the commune police, else any department. */
function unitOf(ctx: Context, code: string, receivedDay: number, occurredDay: number, department: DepartmentCode | null): string {
  if (department) {
    const d = ctx.departments.get(department);
    if (d) return d;
  }
  const id = communeUnit(ctx, code, receivedDay, occurredDay);
  if (id !== null) return id;
  return ctx.departments.get(department ?? 'PC02') ?? ctx.input.departmentUnits[0]?.id ?? 'unknown';
}

function bboxOf(ctx: Context, code: string): [number, number, number, number] | null {
  let b = ctx.bboxCache.get(code);
  if (b === undefined) {
    b = ctx.input.bboxOf?.(code) ?? null;
    ctx.bboxCache.set(code, b);
  }
  return b;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * A point inside the commune: for the 2025 generation, rejection sampling in its bounding box until
 * `locate` names it; for an older commune, inside one of the 2025 communes it went into (lineage), or
 * the 2025 commune with the same code. Null for a share of records (no coordinates taken) or when no
 * point is found.
 */
function pointOf(ctx: Context, rng: Rng, p: PreparedCommune, date: DateString, nullShare: number): [number, number] | null {
  if (rng() < nullShare) return null;
  const { locate } = ctx.input;
  if (!locate || !ctx.input.bboxOf) return null;
  let target: string;
  if (date >= LOCATOR_FROM && p.c.validFrom >= LOCATOR_FROM) target = p.c.code;
  else if (date >= LOCATOR_FROM) return null; // an older commune still valid after the reform: no 2025 polygon
  else {
    const key = `${p.c.code}@${p.c.validFrom}`;
    let successors = ctx.successorCache.get(key);
    if (!successors) {
      successors = ctx.input.successorsOf?.(p.c.code, p.c.validFrom) ?? [];
      if (successors.length === 0) successors = [p.c.code];
      ctx.successorCache.set(key, successors);
    }
    target = pick(rng, successors);
  }
  const box = bboxOf(ctx, target);
  if (!box) return null;
  for (let tries = 0; tries < 40; tries++) {
    const x = round6(box[0] + rng() * (box[2] - box[0]));
    const y = round6(box[1] + rng() * (box[3] - box[1]));
    if (locate(x, y) === target) return [x, y];
  }
  return null;
}

/** Days from `day` to `until` (≥ 0 for days up to `until`). */
const ageOf = (ctx: Context, day: number) => ctx.untilDay - day;

// ---------------------------------------------------------------------------------------------------------
// Builders

function build(ctx: Context, stream: Stream, rng: Rng, id: string, day: number, date: DateString, month: number, epoch: Epoch): DemoIncident {
  switch (stream) {
    case 'crime_report':
      return crimeReport(ctx, rng, id, day, date, epoch);
    case 'traffic_accident':
      return trafficAccident(ctx, rng, id, day, date, epoch);
    case 'fire':
      return fire(ctx, rng, id, day, date, month, epoch);
    case 'online_fraud':
      return onlineFraud(ctx, rng, id, day, date, epoch);
    default:
      return criminalCase(ctx, stream, rng, id, day, date, epoch);
  }
}

/** Probability that a case is cleared (khám phá), per stream; trọng án get the special-task-force rate. */
function clearanceRate(stream: Stream, trongAn: boolean): number {
  switch (stream) {
    case 'social_order':
      return trongAn ? 0.955 : 0.8; // NA targets: > 75% overall, > 90% trọng án
    case 'drugs':
      return 0.995; // drug cases open on an arrest
    case 'high_tech':
      return 0.5; // offenders abroad, mule accounts
    case 'economic':
      return 0.95;
    case 'traffic_crime':
      return 0.97;
    default:
      return 0.8;
  }
}

/** Days from the occurrence to the clearance. */
function clearanceDelay(rng: Rng, stream: Stream, family: ArticleFamily, trongAn: boolean): number {
  if (family === 'drugs' || family === 'gambling' || family === 'arrest' || family === 'traffic') return rng() < 0.9 ? 0 : intBetween(rng, 1, 10);
  if (stream === 'high_tech') return intBetween(rng, 5, 120);
  if (stream === 'economic') return intBetween(rng, 30, 300);
  // Most clearances come at once (caught in the act, identified by cameras and witnesses); the rest
  // within weeks, a few after months.
  const r = rng();
  if (trongAn) return r < 0.8 ? intBetween(rng, 0, 3) : r < 0.97 ? intBetween(rng, 4, 20) : intBetween(rng, 21, 90);
  return r < 0.75 ? intBetween(rng, 0, 2) : r < 0.92 ? intBetween(rng, 3, 30) : intBetween(rng, 31, 240);
}

/** Hours from the occurrence to the receipt of a case. */
function caseReportDelayMs(rng: Rng, family: ArticleFamily): number {
  switch (family) {
    case 'drugs':
    case 'gambling':
    case 'arrest':
      return intBetween(rng, 10, 120) * MINUTE_MS;
    case 'traffic':
      return intBetween(rng, 10, 60) * MINUTE_MS;
    case 'violent':
      return Math.min(logNormal(rng, 1, 1.2), 72) * HOUR_MS;
    case 'theft':
      return Math.min(logNormal(rng, 3, 1.2), 240) * HOUR_MS;
    case 'fraud':
      return Math.min(logNormal(rng, 5, 1), 120) * DAY_MS;
    case 'economic':
      return Math.min(logNormal(rng, 30, 1), 365) * DAY_MS;
  }
}

function departmentForCase(rng: Rng, stream: Stream, o: Offence): DepartmentCode | null {
  switch (stream) {
    case 'social_order':
      return o.trongAn && rng() < 0.6 ? 'PC02' : null;
    case 'drugs':
      return rng() < 0.7 ? 'PC04' : null;
    case 'high_tech':
      return rng() < 0.85 ? 'PA05' : null;
    case 'economic':
      return rng() < 0.9 ? 'PC03' : null;
    case 'traffic_crime':
      return rng() < 0.5 ? 'PC08' : null;
    default:
      return null;
  }
}

function spatialOf(family: ArticleFamily, article: string): SpatialProfile {
  if (article === '173' || article === '171' || article === '168') return 'theft';
  if (family === 'drugs') return 'drugs';
  if (family === 'traffic') return 'traffic';
  return 'people';
}

function criminalCase(ctx: Context, stream: Stream, rng: Rng, id: string, day: number, date: DateString, epoch: Epoch): DemoIncident {
  const table = ARTICLES_OF[stream as keyof typeof ARTICLES_OF];
  const article = draw(rng, table);
  const o = offence(article, draw(rng, CLAUSES[article] ?? DEFAULT_CLAUSES), date);
  const family = familyOf(article);
  const place = pickCommune(rng, epoch, spatialOf(family, article));
  const occurredMs = occurredMsOf(ctx, rng, day, HOUR_OF_FAMILY[family]);
  const receivedMs = receivedMsOf(occurredMs, caseReportDelayMs(rng, family));
  const receivedDay = dayOfMs(receivedMs);

  const willClear = quota(ctx, `clear:${stream}:${o.trongAn}`).take(clearanceRate(stream, o.trongAn));
  const clearDay = Math.max(receivedDay, day + clearanceDelay(rng, stream, family, o.trongAn));
  const cleared = willClear && clearDay <= ctx.untilDay;
  const victimless = family === 'drugs' || family === 'gambling' || family === 'arrest' || family === 'economic';
  const suspectsIfCleared = family === 'gambling' ? intBetween(rng, 3, 15) : 1 + geometric(rng, 0.55, 6);
  const suspects = cleared ? suspectsIfCleared : 0; // drawn either way: later draws must not depend on `until`
  const victims = victimless ? 0 : family === 'fraud' ? 1 + geometric(rng, 0.5, 30) : 1 + geometric(rng, 0.85, 3);
  const mat = rng() < (o.trongAn || family === 'drugs' ? 0.08 : family === 'economic' ? 0.15 : 0.02);
  const nullShare = stream === 'high_tech' ? 0.7 : stream === 'economic' ? 0.5 : family === 'drugs' ? 0.2 : 0.15;
  const point = pointOf(ctx, rng, place, date, nullShare);
  const address = addressFor(rng, place.urban, place.c.fullName, article === '171' || article === '168' || family === 'traffic');
  const unitId = unitOf(ctx, place.c.code, receivedDay, day, departmentForCase(rng, stream, o));
  const title = crimeTitle(rng, article);
  // Draws that depend on `until` come last (the record's other fields stay put when `until` moves on).
  const age = ageOf(ctx, day);
  const [r1, r2] = [rng(), rng()];
  let status: string;
  if (cleared) status = ctx.untilDay - clearDay > 180 && r1 < 0.7 ? 'closed' : 'solved';
  else if (age > 60 && r1 < 0.03) status = 'transferred';
  else if (age > 365 && r2 < 0.8) status = 'suspended';
  else status = 'investigating';
  return {
    externalId: id,
    kind: 'criminal_case',
    occurredAt: iso(occurredMs),
    receivedAt: iso(receivedMs),
    areaCode: place.c.code,
    point,
    address,
    unitId,
    status,
    classification: mat ? 'mat' : 'thuong',
    title,
    article: o.article,
    clause: o.clause,
    cleared,
    clearedOn: cleared ? fromEpochDay(clearDay) : null,
    suspects,
    victims,
  };
}

/** 0, 1, 2… with P(k) ∝ (1 − p)^k · p, capped. */
function geometric(rng: Rng, p: number, cap: number): number {
  let k = 0;
  while (k < cap && rng() > p) k++;
  return k;
}

const REPORT_SOURCES = weighted<'to_giac' | 'tin_bao' | 'kien_nghi_khoi_to'>([['to_giac', 72], ['tin_bao', 25], ['kien_nghi_khoi_to', 3]]);
/** Decisions taken within 20 days: a third open a case, most end with no case or go to another body. */
const TIMELY_DECISIONS = weighted<'case_opened' | 'no_case' | 'transferred'>([['case_opened', 30], ['no_case', 42], ['transferred', 28]]);
/**
 * Share of crime reports decided within the initial 20 days (counted either way, art. 134 BLTTHS):
 * 91.5%, above the National Assembly's 90% target even when lawful extensions are not counted.
 */
const TIMELY_SHARE = 0.915;

function departmentForGroup(group: StatisticalGroup, article: string): DepartmentCode {
  if (group === 'ma_tuy') return 'PC04';
  if (group === 'cong_nghe_cao') return 'PA05';
  if (group === 'kinh_te_tham_nhung_buon_lau') return 'PC03';
  if (article === '260') return 'PC08';
  return 'PC02';
}

function crimeReport(ctx: Context, rng: Rng, id: string, day: number, date: DateString, epoch: Epoch): DemoIncident {
  const article = draw(rng, REPORT_ARTICLES);
  const o = offence(article, draw(rng, REPORT_CLAUSES), date);
  const family = familyOf(article);
  const place = pickCommune(rng, epoch, spatialOf(family, article));
  const source = draw(rng, REPORT_SOURCES);
  const occurredMs = occurredMsOf(ctx, rng, day, HOUR_OF_FAMILY[family]);
  let delayMs: number;
  if (source === 'to_giac') delayMs = Math.min(logNormal(rng, 6, 1.3), 480) * HOUR_MS;
  else if (source === 'tin_bao') delayMs = Math.min(logNormal(rng, 2, 1), 60) * DAY_MS;
  else delayMs = Math.min(logNormal(rng, 20, 0.8), 180) * DAY_MS;
  if (source !== 'to_giac') {
    // Written tips arrive in office hours.
    const d = dayOfMs(occurredMs + delayMs);
    const officeMs = startMsOf(d) + pickIndex(rng, ctx.hourCum.office) * HOUR_MS + intBetween(rng, 0, 59) * MINUTE_MS;
    delayMs = Math.max(officeMs - occurredMs, 30 * MINUTE_MS);
  }
  const receivedMs = receivedMsOf(occurredMs, delayMs);
  const receivedDay = dayOfMs(receivedMs);
  const receivedOn = fromEpochDay(receivedDay);
  const receivedBy = rng() < 0.65 ? 'commune_police' : 'investigating_body';

  // The decision and, for the late ones, the lawful extensions.
  let decisionKind: 'case_opened' | 'no_case' | 'transferred' | 'suspended';
  let decisionDay: number;
  const extensions: { by: 'investigating_body' | 'procuracy'; on: DateString; until: DateString }[] = [];
  if (quota(ctx, 'report:timely').take(TIMELY_SHARE)) {
    decisionKind = draw(rng, TIMELY_DECISIONS);
    decisionDay = receivedDay + (decisionKind === 'transferred' ? intBetween(rng, 0, 3) : intBetween(rng, 2, 19));
  } else {
    const r = rng();
    const ibUntil = addDays(addMonths(receivedOn, 2), -1);
    if (r < 0.65) {
      extensions.push({ by: 'investigating_body', on: addDays(receivedOn, 12), until: ibUntil });
      decisionKind = rng() < 0.4 ? 'case_opened' : 'no_case';
      if (r < 0.45) {
        decisionDay = intBetween(rng, receivedDay + 20, toEpochDay(ibUntil));
      } else {
        const procUntil = addDays(addMonths(receivedOn, 4), -1);
        extensions.push({ by: 'procuracy', on: addDays(ibUntil, -7), until: procUntil });
        decisionDay = intBetween(rng, toEpochDay(ibUntil) + 1, toEpochDay(procUntil));
      }
    } else if (r < 0.9) {
      decisionKind = 'suspended'; // only after the limit, for a listed reason (art. 148)
      decisionDay = receivedDay + intBetween(rng, 21, 25);
    } else {
      decisionKind = rng() < 0.3 ? 'case_opened' : 'no_case'; // decided late, without an extension
      decisionDay = receivedDay + intBetween(rng, 21, 45);
    }
  }
  const decided = decisionDay <= ctx.untilDay;
  const keptExtensions = extensions.filter((e) => e.on <= fromEpochDay(ctx.untilDay));
  let status: string;
  if (decided) status = decisionKind;
  else if (keptExtensions.length > 0) status = 'extended';
  else status = ctx.untilDay - receivedDay <= 1 ? 'received' : 'verifying';

  const department = receivedBy === 'investigating_body' ? departmentForGroup(o.group, article) : null;
  const crime = crimeTitle(rng, article);
  return {
    externalId: id,
    kind: 'crime_report',
    occurredAt: iso(occurredMs),
    receivedAt: iso(receivedMs),
    areaCode: place.c.code,
    point: pointOf(ctx, rng, place, date, 0.25),
    address: addressFor(rng, place.urban, place.c.fullName, article === '171' || article === '260'),
    unitId: unitOf(ctx, place.c.code, receivedDay, day, department),
    status,
    classification: rng() < 0.03 ? 'mat' : 'thuong',
    title: reportTitle(source, crime),
    article: o.article,
    clause: o.clause,
    reportSource: source,
    receivedBy,
    suspects: rng() < 0.6 ? 1 + geometric(rng, 0.7, 4) : 0,
    victims: source === 'to_giac' ? 1 + geometric(rng, 0.85, 5) : geometric(rng, 0.5, 5),
    decision: decided ? { kind: decisionKind, on: fromEpochDay(decisionDay) } : null,
    extensions: keptExtensions,
  };
}

/**
 * Deaths per accident (counted within 7 days): 0 in 36%, 1 in 58%, 2 in 5%, 3+ in 1% — a mean of
 * ~0.71, so ~700 accidents give ~500 deaths, as in Hanoi's reports of the 2020s.
 */
const DEATHS = weighted<number>([[0, 36], [1, 58], [2, 5], [3, 0.8], [4, 0.2]]);
const INJURIES = weighted<number>([[0, 35], [1, 45], [2, 15], [3, 3.5], [5, 1.5]]);
const VEHICLES = weighted<number>([[1, 15], [2, 75], [3, 8], [4, 2]]);

function trafficAccident(ctx: Context, rng: Rng, id: string, day: number, date: DateString, epoch: Epoch): DemoIncident {
  const place = pickCommune(rng, epoch, 'traffic');
  const occurredMs = occurredMsOf(ctx, rng, day, 'traffic');
  const receivedMs = receivedMsOf(occurredMs, intBetween(rng, 5, 60) * MINUTE_MS);
  const receivedDay = dayOfMs(receivedMs);
  const deaths = draw(rng, DEATHS);
  const injuries = draw(rng, INJURIES);
  const vehicles = draw(rng, VEHICLES);
  const damageVnd = Math.round(Math.min(logNormal(rng, 15e6, 1.2), 3e9) / 1000) * 1000;
  let title = trafficTitle(rng, vehicles);
  if (deaths > 0) title += `, làm ${deaths} người tử vong`;
  const point = pointOf(ctx, rng, place, date, 0.05);
  const address = addressFor(rng, place.urban, place.c.fullName, true);
  const unitId = unitOf(ctx, place.c.code, receivedDay, day, deaths > 0 && rng() < 0.5 ? 'PC08' : null);
  const mat = rng() < 0.005;
  const age = ageOf(ctx, day);
  const r = rng();
  const status = age < 3 ? 'received' : age < 30 ? 'investigating' : deaths > 0 && r < 0.3 ? 'transferred' : r < 0.65 ? 'concluded' : 'closed';
  return {
    externalId: id,
    kind: 'traffic_accident',
    occurredAt: iso(occurredMs),
    receivedAt: iso(receivedMs),
    areaCode: place.c.code,
    point,
    address,
    unitId,
    status,
    classification: mat ? 'mat' : 'thuong',
    title,
    deaths,
    injuries,
    damageVnd,
    vehicles,
  };
}

function fire(ctx: Context, rng: Rng, id: string, day: number, date: DateString, month: number, epoch: Epoch): DemoIncident {
  const place = pickCommune(rng, epoch, 'fire');
  const occurredMs = occurredMsOf(ctx, rng, day, WINTER_MONTHS.has(month) ? 'fire_winter' : 'fire');
  const receivedMs = receivedMsOf(occurredMs, intBetween(rng, 2, 20) * MINUTE_MS);
  const receivedDay = dayOfMs(receivedMs);
  const premisesType = draw(rng, FIRE_PREMISES);
  const outdoor = premisesType.startsWith('Bãi rác');
  const knownCause = draw(rng, FIRE_CAUSES);
  const causeFoundLate = rng() < 0.6;
  // Most fires are put out early: 3% cause deaths, 8% injuries; the median damage is ~50 million VND.
  const deaths = !outdoor && rng() < 0.03 ? 1 + geometric(rng, 0.7, 5) : 0;
  const injuries = !outdoor && rng() < 0.08 ? 1 + geometric(rng, 0.6, 8) : 0;
  const damageVnd = outdoor ? intBetween(rng, 0, 2000) * 1000 : Math.round(Math.min(logNormal(rng, 50e6, 1.5), 200e9) / 1000) * 1000;
  const rescued = !outdoor && rng() < 0.1 ? 1 + geometric(rng, 0.3, 20) : 0;
  const point = pointOf(ctx, rng, place, date, 0.05);
  const address = addressFor(rng, place.urban, place.c.fullName, premisesType.startsWith('Phương tiện'));
  const unitId = unitOf(ctx, place.c.code, receivedDay, day, rng() < 0.85 ? 'PC07' : null);
  const mat = rng() < 0.005;
  const age = ageOf(ctx, day);
  // The cause of a recent fire is often still being investigated.
  const cause = age < 30 && causeFoundLate ? FIRE_CAUSE_UNKNOWN : knownCause;
  const status = age < 2 ? 'received' : age < 60 ? 'investigating' : rng() < 0.6 ? 'concluded' : 'closed';
  return {
    externalId: id,
    kind: 'fire',
    occurredAt: iso(occurredMs),
    receivedAt: iso(receivedMs),
    areaCode: place.c.code,
    point,
    address,
    unitId,
    status,
    classification: mat ? 'mat' : 'thuong',
    title: fireTitle(premisesType),
    deaths,
    injuries,
    damageVnd,
    premisesType,
    cause,
    urban: place.urban,
    rescued,
  };
}

function identifierKindsFor(channel: string): ('phone' | 'bank_account' | 'url' | 'social')[] {
  if (channel === 'Cuộc gọi điện thoại' || channel === 'Tin nhắn SMS') return ['phone', 'bank_account'];
  if (channel === 'Trang web giả mạo' || channel === 'Ứng dụng đầu tư') return ['url', 'bank_account'];
  return ['social', 'bank_account'];
}

function onlineFraud(ctx: Context, rng: Rng, id: string, day: number, date: DateString, epoch: Epoch): DemoIncident {
  let scenario = draw(rng, FRAUD_SCENARIOS);
  for (let k = 0; k < 5 && scenario.from !== undefined && scenario.from > date; k++) scenario = draw(rng, FRAUD_SCENARIOS);
  if (scenario.from !== undefined && scenario.from > date) scenario = FRAUD_SCENARIOS.values[0]!;
  const channel = pick(rng, scenario.channels);
  const place = pickCommune(rng, epoch, 'people');
  const occurredMs = occurredMsOf(ctx, rng, day, 'fraud');
  const receivedMs = receivedMsOf(occurredMs, Math.min(logNormal(rng, 1, 1.2), 60) * DAY_MS);
  const receivedDay = dayOfMs(receivedMs);
  const amountLostVnd = Math.round(Math.min(logNormal(rng, scenario.medianLoss, 1.2), 50e9) / 1000) * 1000;
  const identifiers: { kind: 'phone' | 'bank_account' | 'url' | 'social'; value: string }[] = [];
  for (const kind of identifierKindsFor(channel)) {
    if (kind !== 'bank_account' && rng() < 0.15) continue; // victim could not say
    // Zipf-like reuse: low indices (busy scam rings) come back often.
    const index = Math.floor(ctx.scamPool * rng() ** 2.5);
    identifiers.push(scamIdentifier(rngFrom(hash32(ctx.seed, 'scam', kind, index)), kind));
  }
  const point = pointOf(ctx, rng, place, date, 0.85);
  const address = addressFor(rng, place.urban, place.c.fullName, false);
  const unitId = unitOf(ctx, place.c.code, receivedDay, day, rng() < 0.4 ? 'PA05' : null);
  const mat = rng() < 0.02;
  const age = ageOf(ctx, receivedDay);
  const status = age < 3 ? 'received' : age < 45 ? 'verifying' : rng() < 0.45 ? 'transferred' : 'closed';
  return {
    externalId: id,
    kind: 'online_fraud',
    occurredAt: iso(occurredMs),
    receivedAt: iso(receivedMs),
    areaCode: place.c.code,
    point,
    address,
    unitId,
    status,
    classification: mat ? 'mat' : 'thuong',
    title: scenario.title,
    channel,
    amountLostVnd,
    identifiers,
  };
}
