import { STAT_METRICS, STAT_PERIOD_KINDS, type TStatDrill, type TStatMetric } from '../../../contracts/stats';
import { addMonths, isDateString } from '../../../domain/calendar/dates';

/**
 * The dashboard's state, kept in the URL query string (/statistics?metric&period&date&from&to&comparison&…)
 * so that a view can be bookmarked or shared and the browser's back button steps through the choices.
 */

export type TPeriodKind = (typeof STAT_PERIOD_KINDS)[number];
export type TComparison = 'same_period' | 'previous_period';
export type TAreaBoundaries = 'time' | 'current';
/** The map's colouring: the figure, its change, or the rate per 10,000 inhabitants (count metrics with population figures). */
export type TMapColour = 'value' | 'change' | 'rate';
export const MAP_COLOURS: readonly TMapColour[] = ['value', 'change', 'rate'];

/** The picker's order: Decree 09 reporting periods first, then calendar, National Assembly, rolling, custom. */
export const PERIOD_KINDS: readonly TPeriodKind[] = STAT_PERIOD_KINDS;

/** The tiles, in the order of the monthly report: crime, rates, traffic, fire, online fraud. */
export const TILE_METRICS = [
  'social_order_crime',
  'crime_cases',
  'clearance_rate',
  'clearance_rate_trong_an',
  'report_resolution_rate',
  'traffic_accidents',
  'traffic_deaths',
  'traffic_injuries',
  'fires',
  'fire_deaths',
  'fire_damage',
  'fraud_reports',
  'fraud_losses',
  'events_protected',
  'events_safe_share',
] as const satisfies readonly TStatMetric[];

export const TREND_MONTHS = [24, 36, 60] as const;
export type TTrendMonths = (typeof TREND_MONTHS)[number];

export interface DashboardState {
  metric: TStatMetric;
  period: TPeriodKind;
  /** A day inside the period; absent means today. */
  date?: string;
  /** Custom period bounds (inclusive). */
  from?: string;
  to?: string;
  comparison: TComparison;
  areaCode?: string;
  unitId?: string;
  boundaries: TAreaBoundaries;
  mapColour: TMapColour;
  /** The hot-spot (Getis-Ord Gi*) layer of the map. */
  hotspots: boolean;
  /** The density (heat map) layer of the map. */
  density: boolean;
  trendMonths: TTrendMonths;
}

export const DEFAULT_STATE: DashboardState = {
  metric: 'social_order_crime',
  period: 'report_month',
  comparison: 'same_period',
  boundaries: 'time',
  mapColour: 'value',
  hotspots: false,
  density: false,
  trendMonths: 24,
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
const day = (v: string | null): string | undefined => (v && isDateString(v) ? v : undefined);

/** Reads the state from the URL; anything unknown or malformed falls back to the default. */
export function stateFromParams(params: URLSearchParams): DashboardState {
  const period = oneOf(PERIOD_KINDS, params.get('period')) ?? DEFAULT_STATE.period;
  let from = day(params.get('from'));
  let to = day(params.get('to'));
  if (period !== 'custom' || !from || !to || from > to) {
    from = undefined;
    to = undefined;
  }
  const trend = Number(params.get('trend'));
  const areaCode = params.get('areaCode');
  const unitId = params.get('unitId');
  return {
    metric: oneOf(STAT_METRICS, params.get('metric')) ?? DEFAULT_STATE.metric,
    // A custom period without valid bounds is not a period: fall back to the default kind.
    period: period === 'custom' && !from ? DEFAULT_STATE.period : period,
    date: day(params.get('date')),
    from,
    to,
    comparison:
      oneOf(['same_period', 'previous_period'] as const, params.get('comparison')) ?? DEFAULT_STATE.comparison,
    areaCode: areaCode && /^\d{2,5}$/.test(areaCode) ? areaCode : undefined,
    unitId: unitId && /^[0-9a-f-]{36}$/i.test(unitId) ? unitId : undefined,
    boundaries: oneOf(['time', 'current'] as const, params.get('boundaries')) ?? DEFAULT_STATE.boundaries,
    mapColour: oneOf(MAP_COLOURS, params.get('mapColour')) ?? DEFAULT_STATE.mapColour,
    hotspots: params.get('hotspots') === '1',
    density: params.get('density') === '1',
    trendMonths: (TREND_MONTHS as readonly number[]).includes(trend)
      ? (trend as TTrendMonths)
      : DEFAULT_STATE.trendMonths,
  };
}

/** The URL of a state, leaving out defaults so that shared links stay short. */
export function paramsFromState(s: DashboardState): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: string | number | undefined, dflt?: string | number) => {
    if (v !== undefined && v !== '' && v !== dflt) out[k] = String(v);
  };
  put('metric', s.metric, DEFAULT_STATE.metric);
  put('period', s.period, DEFAULT_STATE.period);
  if (s.period === 'custom') {
    put('from', s.from);
    put('to', s.to);
  } else put('date', s.date);
  put('comparison', s.comparison, DEFAULT_STATE.comparison);
  put('areaCode', s.areaCode);
  put('unitId', s.unitId);
  put('boundaries', s.boundaries, DEFAULT_STATE.boundaries);
  put('mapColour', s.mapColour, DEFAULT_STATE.mapColour);
  if (s.hotspots) out.hotspots = '1';
  if (s.density) out.density = '1';
  put('trend', s.trendMonths, DEFAULT_STATE.trendMonths);
  return out;
}

/** The query of GET /api/stats shared by every panel: period, comparison and filters. */
export function periodQuery(s: DashboardState): Record<string, string | undefined> {
  return {
    period: s.period,
    ...(s.period === 'custom' ? { from: s.from, to: s.to } : { date: s.date }),
    comparison: s.comparison,
    areaCode: s.areaCode,
    unitId: s.unitId,
  };
}

/**
 * The custom period of the trend: `months` calendar months, the last one holding the period's end, cut at
 * the period's end or today (whichever comes first). The comparison of a custom period is the same days a
 * year before, so a month still running is compared with the same days of that month a year earlier.
 */
export function trendRange(periodEnd: string, today: string, months: number): { from: string; to: string } {
  const to = periodEnd < today ? periodEnd : today;
  const lastMonthStart = `${to.slice(0, 7)}-01`;
  return { from: addMonths(lastMonthStart, -(months - 1)), to };
}

/** The incident list URL of a drill-down filter (/incidents reads the same keys from its query string). */
export function drillHref(drill: TStatDrill): string {
  const sp = new URLSearchParams();
  for (const k of ['kind', 'from', 'to', 'areaCode', 'unitId', 'category', 'statGroup', 'severity'] as const) {
    const v = drill[k];
    if (v) sp.set(k, v);
  }
  return `/incidents?${sp.toString()}`;
}

/** Higher is better for rates; for everything else (crime, accidents, losses) lower is better. */
export function higherIsBetter(metric: TStatMetric): boolean {
  return metric === 'clearance_rate' || metric === 'clearance_rate_trong_an' || metric === 'report_resolution_rate';
}
