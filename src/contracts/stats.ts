import { z } from 'zod';
import { INCIDENT_KINDS } from '../domain/incidents/kinds';
import type { RateTargetStatus } from '../domain/stats/maturity';
import { ZIsoDate } from './areas';

/**
 * The statistics endpoint `GET /api/stats`: one metric × one period (with a comparison) × one breakdown,
 * with filters, always within the caller's scope. Every figure counts incidents by their date of
 * occurrence (Hanoi date); a rate of a period is among the incidents that happened in it (a case cleared
 * later still counts for the month it happened).
 */

export const STAT_METRICS = [
  'incidents', // every incident (filter by kind)
  'crime_reports', // tố giác, tin báo, kiến nghị khởi tố
  'crime_cases', // vụ án hình sự
  'social_order_crime', // criminal cases of the group trật tự xã hội
  'clearance_rate', // cleared / cases
  'clearance_rate_trong_an', // cleared / cases among very serious and especially serious cases
  'report_resolution_rate', // crime reports with a decision / crime reports
  'traffic_accidents',
  'traffic_deaths',
  'traffic_injuries',
  'fires',
  'fire_deaths',
  'fire_injuries',
  'fire_damage',
  'fraud_reports',
  'fraud_losses',
  'events_protected', // events protected (closed), counted by their first day
  'events_safe', // of which absolutely safe (no linked incident)
  'events_safe_share', // absolutely safe / protected
] as const;
export type TStatMetric = (typeof STAT_METRICS)[number];
/** Metrics answered from the protected events (bảo vệ sự kiện), not from the incidents. */
/** Metrics that count cases or people, and so have a rate per 10,000 inhabitants (`per=population`). */
export const RATE_METRICS = [
  'incidents',
  'crime_reports',
  'crime_cases',
  'social_order_crime',
  'traffic_accidents',
  'traffic_deaths',
  'traffic_injuries',
  'fires',
  'fire_deaths',
  'fire_injuries',
  'fraud_reports',
] as const satisfies readonly TStatMetric[];
export const EVENT_METRICS = ['events_protected', 'events_safe', 'events_safe_share'] as const satisfies readonly TStatMetric[];
export const isEventMetric = (m: string): m is (typeof EVENT_METRICS)[number] => (EVENT_METRICS as readonly string[]).includes(m);

export const STAT_PERIOD_KINDS = [
  'report_month',
  'report_quarter',
  'report_half',
  'report_year',
  'report_ytd',
  'month',
  'quarter',
  'year',
  'na_year',
  'rolling_7',
  'rolling_28',
  'ytd',
  'custom',
] as const;

export const STAT_BREAKDOWNS = [
  'none',
  /** Communes on the boundaries of the time (code and the date it was valid from). */
  'area',
  /** Communes of the generation valid on `targetDate` (default: period end), re-aggregated through the lineage. */
  'area_current',
  'unit',
  'category',
  'stat_group',
  'severity',
  /** Calendar months (trend). */
  'month',
  'day',
  'hour_weekday',
  /** Event metrics only: type and level of the event. */
  'event_type',
  'event_level',
] as const;
export type TStatBreakdown = (typeof STAT_BREAKDOWNS)[number];

export const ZStatQuery = z
  .object({
    metric: z.enum(STAT_METRICS),
    period: z.enum(STAT_PERIOD_KINDS).default('report_month'),
    /** A date inside the period (for rolling, YTD kinds: its last day); default today. */
    date: ZIsoDate.optional(),
    /** For `custom`: the first and last day (inclusive). */
    from: ZIsoDate.optional(),
    to: ZIsoDate.optional(),
    comparison: z.enum(['same_period', 'previous_period', 'none']).default('same_period'),
    breakdown: z.enum(STAT_BREAKDOWNS).default('none'),
    /** A second dimension crossed with the breakdown (not with area_current, hour_weekday): e.g. area × category (the CompStat grid), month × stat_group (trends). */
    by2: z.enum(['none', 'category', 'stat_group', 'severity', 'kind']).default('none'),
    /** For `area_current`: the date whose generation of communes the figures are placed on. */
    targetDate: ZIsoDate.optional(),
    kind: z.enum(INCIDENT_KINDS).optional(),
    /** A commune code (5 digits, any generation) or a district / province code (2–3 digits). */
    areaCode: z.string().regex(/^\d{2,5}$/).optional(),
    unitId: z.uuid().optional(),
    statGroup: z.string().max(60).optional(),
    category: z.string().max(60).optional(),
    severity: z.string().max(60).optional(),
    /** Most rows returned, largest current value first (the screen shows what it can). */
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    /** `population`: each row of a count metric by `area_current` also gets its rate per 10,000 inhabitants. */
    per: z.enum(['population']).optional(),
    /**
     * Small numbers (issue 12): a rate with fewer cases than this in its denominator is "too few cases" — listed
     * apart from the ranking, with its interval (default 10).
     */
    minCases: z.coerce.number().int().min(1).max(1000).optional(),
    /** A percentage change on a base (comparison count) below this is not shown: counts and z only (default 10). */
    minBase: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .refine((q) => q.by2 === 'none' || !['none', 'area_current', 'hour_weekday'].includes(q.breakdown), {
    message: 'by2 cần một phân tổ khác none, area_current, hour_weekday / by2 needs a breakdown other than none, area_current, hour_weekday',
    path: ['by2'],
  })
  .refine((q) => q.period !== 'custom' || (q.from && q.to && q.from <= q.to), {
    message: 'kỳ tùy chọn cần from ≤ to / a custom period needs from ≤ to',
    path: ['from'],
  })
  .refine(
    (q) =>
      isEventMetric(q.metric)
        ? ['none', 'unit', 'month', 'event_type', 'event_level'].includes(q.breakdown)
        : !['event_type', 'event_level'].includes(q.breakdown),
    {
      message:
        'chỉ số sự kiện phân tổ theo none, unit, month, event_type, event_level; event_type, event_level chỉ dành cho chỉ số sự kiện / event metrics break down by none, unit, month, event_type, event_level; event_type and event_level are for event metrics only',
      path: ['breakdown'],
    },
  )
  .refine((q) => !isEventMetric(q.metric) || (q.by2 === 'none' && !q.kind && !q.statGroup && !q.category && !q.severity), {
    message: 'chỉ số sự kiện không nhận by2, kind, statGroup, category, severity / event metrics take no by2, kind, statGroup, category or severity',
    path: ['metric'],
  })
  .refine((q) => !q.per || ((RATE_METRICS as readonly string[]).includes(q.metric) && q.breakdown === 'area_current'), {
    message:
      'per=population chỉ dùng cho chỉ số đếm (số vụ, số người) với phân tổ area_current / per=population is for count metrics (cases, people) with breakdown area_current',
    path: ['per'],
  });
export type TStatQuery = z.infer<typeof ZStatQuery>;

/** How a rate target reads when judged like for like (src/domain/stats/maturity.ts, judgeRateTarget). */
export const RATE_TARGET_STATUSES = ['met', 'missed', 'on_track', 'at_risk', 'maturing'] as const satisfies readonly RateTargetStatus[];

const ZPeriodOut = z.object({ kind: z.string(), start: z.string(), end: z.string(), label: z.object({ vi: z.string(), en: z.string() }) });

/**
 * What was counted and compared (src/domain/periods/like-for-like.ts): a period still running on `asOf` is
 * counted to `asOf` and compared with the same dates a year earlier (cùng kỳ) or the same elapsed days of the
 * previous period; an ended period whole with whole.
 */
export const ZStatRanges = z.object({
  /** The day the figures were computed as of (the server's today, Hanoi). */
  asOf: z.string(),
  /** The period runs on `asOf`: its days after `asOf` are not counted. */
  running: z.boolean(),
  /** The dates counted for `current` (inclusive). */
  current: z.object({ start: z.string(), end: z.string() }),
  /** The dates counted for `comparison` (inclusive); null without a comparison. */
  comparison: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** "15/11 – 03/12/2026 so với 15/11 – 03/12/2025". */
  wording: z.object({ vi: z.string(), en: z.string() }),
});
export type TStatRanges = z.infer<typeof ZStatRanges>;

export const ZStatChange = z.object({
  /** current − comparison (percentage points for rates). */
  absolute: z.number(),
  /** Relative change in percent; null when the base is 0. */
  percent: z.number().nullable(),
  /** Counts: Poisson z = 2(√C − √P); rates: two-proportion z; amounts of money: null. */
  z: z.number().nullable(),
  label: z.enum(['significant', 'notable', 'normal']).nullable(),
  phrase: z.object({ vi: z.string(), en: z.string() }),
  /** The base (comparison) is below `minBase`: show the counts and z, not the percentage (the phrase has none). */
  smallBase: z.boolean().optional(),
});

export const ZStatValue = z.object({
  current: z.number().nullable(),
  comparison: z.number().nullable(),
  /** For rates: numerator and denominator of each side. */
  parts: z
    .object({ current: z.object({ num: z.number(), den: z.number() }), comparison: z.object({ num: z.number(), den: z.number() }).nullable() })
    .optional(),
  change: ZStatChange.nullable(),
  /**
   * Clearance and report-resolution rates with a comparison: `comparison` and `parts.comparison` are the
   * comparison's rate as it stood at the same distance from its range (cleared / decided by
   * `maturity.comparisonCutoff`, src/domain/stats/maturity.ts), and `change` compares like with like; this is the
   * comparison's final rate (every clearing up to today).
   */
  comparisonFinal: z.object({ rate: z.number().nullable(), num: z.number(), den: z.number() }).nullable().optional(),
  /** Clearance and report-resolution rates: how far the figures have matured (totals only, not rows). */
  maturity: z
    .object({
      /** Last day of the current side's cases: min(today, period end). */
      asOf: z.string(),
      /** Clearings / decisions counted up to this day on the current side (today) and on the comparison side. */
      cutoff: z.string(),
      comparisonCutoff: z.string().nullable(),
      /** The rate still rises: its cases are recent (until `maturingUntil`, the rule's months after `asOf`). */
      maturing: z.boolean(),
      maturingUntil: z.string(),
      /** The wording shown while maturing (null once matured). */
      note: z.object({ vi: z.string(), en: z.string() }).nullable(),
      /** Where the rule's months come from. */
      source: z.object({ vi: z.string(), en: z.string() }),
      /**
       * While maturing with a comparison: the rate the current cases are expected to reach — of the comparison's
       * cases still open at the same point, the share cleared since, applied to the current open cases.
       */
      expected: z.number().nullable(),
    })
    .optional(),
  /** Rates: the Wilson score 95% interval of the current rate, in percent (null without cases). */
  interval: z.object({ low: z.number(), high: z.number() }).nullable().optional(),
  /** Rates: fewer cases in the current denominator than `minCases` — listed apart from the ranking. */
  tooFewCases: z.boolean().optional(),
});

/** The incident list filter (GET /api/incidents) that lists the incidents of a cell. */
export const ZStatDrill = z.object({
  kind: z.string().optional(),
  from: z.string(),
  to: z.string(),
  areaCode: z.string().optional(),
  unitId: z.string().optional(),
  category: z.string().optional(),
  statGroup: z.string().optional(),
  severity: z.string().optional(),
});
export type TStatDrill = z.infer<typeof ZStatDrill>;

export const ZStatRow = ZStatValue.extend({
  key: z.string(),
  label: z.string(),
  /** Re-aggregated areas: part of the current value placed by the lineage rule at a split (approximate). */
  approximateShare: z.number().optional(),
  /** Null when the cell is not one list filter (an area re-aggregated from several old communes, or hour × weekday). */
  drill: ZStatDrill.nullable(),
  /** With `per=population`: current value × 10,000 / population of the commune; null where the population is unknown. */
  rate: z.number().nullable().optional(),
  /**
   * Time buckets (month): the dates of the bucket counted, and `partial` when that is not the whole bucket (the
   * running month to asOf, or a month the period cuts); its comparison covers the same days a year earlier.
   */
  bucket: z.object({ start: z.string(), end: z.string(), partial: z.boolean() }).optional(),
  /**
   * Rows placed on one generation across a boundary reform or a unit restructuring. `approximate`: part of a
   * split commune (or unit) without a point went by the rule, into this row or a neighbour — no significance
   * is shown; `new`: the area or unit did not exist when the comparison began (no comparison, not a zero);
   * `ended`: a unit that ended without a successor (no change shown).
   */
  reform: z
    .object({
      status: z.enum(['exact', 'approximate', 'new', 'ended']),
      /** Share of each side's figure (cases for rates) placed by the rule. */
      approximateShare: z.object({ current: z.number(), comparison: z.number() }),
    })
    .optional(),
});

export const ZStatResult = z.object({
  metric: z.enum(STAT_METRICS),
  unit: z.enum(['count', 'percent', 'vnd', 'people']),
  label: z.object({ vi: z.string(), en: z.string() }),
  /** The whole period asked for (its label names it). */
  period: ZPeriodOut,
  /** The comparison as counted (like for like: for a running period, the same elapsed span; see `ranges`). */
  comparisonPeriod: ZPeriodOut.nullable(),
  comparison: z.enum(['same_period', 'previous_period', 'none']),
  /** The dates actually counted on each side, whether the period is running, and the wording of both. */
  ranges: ZStatRanges,
  breakdown: z.enum(STAT_BREAKDOWNS),
  /** The caller sees part of the data only (a ward, a district). */
  scoped: z.boolean(),
  value: ZStatValue,
  /** The incident list of the whole figure; null for event metrics. */
  drill: ZStatDrill.nullable(),
  target: z
    .object({
      op: z.string(),
      value: z.number(),
      /** The value to date meets the target. */
      met: z.boolean().nullable(),
      label: z.object({ vi: z.string(), en: z.string() }),
      source: z.string(),
      /**
       * Judged like for like (src/domain/stats/maturity.ts): met, missed (only once matured), or while maturing
       * on track / at risk by the expected final rate, or maturing when there is nothing to compare with.
       */
      status: z.enum(RATE_TARGET_STATUSES).nullable().optional(),
      statusLabel: z.object({ vi: z.string(), en: z.string() }).nullable().optional(),
      /** While maturing: the rate the current cases are expected to reach, from the comparison's maturing. */
      expected: z.number().nullable().optional(),
    })
    .nullable(),
  rows: z.array(ZStatRow),
  /** Rows left out by `limit`. */
  truncated: z.number().int(),
  /** Re-aggregation: counts that could not be placed on the target generation, by reason. */
  unresolved: z.record(z.string(), z.number()).optional(),
  /** Which tables answered (for the curious and for tests). */
  sources: z.array(z.string()),
  /** The thresholds of small numbers applied (`minCases`, `minBase`). */
  smallNumbers: z.object({ minCases: z.number().int(), minBase: z.number().int() }).optional(),
  /**
   * Present when the rows were placed on one generation (areas: communes valid on `targetDate`; units: units valid
   * on it): how each side's figure was placed (cases for rates) and the share placed by the rule.
   */
  reform: z
    .object({
      kind: z.enum(['area', 'unit']),
      targetDate: z.string(),
      methods: z.object({
        current: z.object({ same: z.number(), point: z.number(), lineage: z.number(), rule: z.number(), unresolved: z.number() }),
        comparison: z.object({ same: z.number(), point: z.number(), lineage: z.number(), rule: z.number(), unresolved: z.number() }),
      }),
      approximateShare: z.object({ current: z.number(), comparison: z.number() }),
      /** Rows whose comparison is approximate (no significance shown). */
      approximateRows: z.number().int(),
      /** Units that ended without a successor, kept in their own rows. */
      endedUnits: z.number().int(),
    })
    .optional(),
  /** With `per=population`: the population figures the rates use. */
  population: z
    .object({
      /** The communes' date (targetDate or the period's end); each commune's latest year not after its year. */
      date: z.string(),
      /** The latest year among the figures used; null when no row has a figure. */
      year: z.number().int().nullable(),
      years: z.array(z.number().int()),
      /** Rows (communes) without a figure: their rate is null. */
      missing: z.number().int(),
      /** Communes of that date with a figure (0: no population known, rates unavailable). */
      known: z.number().int(),
      /** Sources of the figures used (the demo's say "Số liệu minh họa (demo)"). */
      sources: z.array(z.string()),
    })
    .optional(),
});
export type TStatResult = z.infer<typeof ZStatResult>;

export const ZStatTarget = z.object({
  metric: z.string(),
  op: z.enum(['>', '>=', '<', '<=']),
  value: z.number(),
  label: z.object({ vi: z.string(), en: z.string() }),
  source: z.string(),
});
export const ZStatTargets = z.object({ items: z.array(ZStatTarget) });
export const ZStatTargetUpdate = z.object({
  op: z.enum(['>', '>=', '<', '<=']),
  value: z.number().min(0).max(100),
  labelVi: z.string().trim().min(1).max(300).optional(),
  labelEn: z.string().trim().min(1).max(300).optional(),
  source: z.string().trim().min(1).max(300).optional(),
});
export const ZStatTargetParams = z.object({ metric: z.enum(['clearance_rate', 'clearance_rate_trong_an', 'report_resolution_rate']) });

/** Count metrics (hot spots need event counts). */
export const HOTSPOT_METRICS = ['incidents', 'crime_reports', 'crime_cases', 'social_order_crime', 'traffic_accidents', 'fires', 'fraud_reports'] as const;

/** What a map layer counts: a count metric over a period (custom: from ≤ to), optionally one kind or category. */
const ZMapLayerFields = {
  metric: z.enum(HOTSPOT_METRICS).default('social_order_crime'),
  period: z.enum(STAT_PERIOD_KINDS).default('rolling_28'),
  date: ZIsoDate.optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  category: z.string().max(60).optional(),
};
const customPeriodOk = (q: { period: string; from?: string; to?: string }) => q.period !== 'custom' || Boolean(q.from && q.to && q.from <= q.to);
const CUSTOM_PERIOD_ERROR = { message: 'kỳ tùy chọn cần from ≤ to / a custom period needs from ≤ to', path: ['from'] };

/** `GET /api/stats/hotspots`: Getis-Ord Gi* over communes or a square grid, FDR-corrected. */
export const ZStatHotspotQuery = z
  .object({
    ...ZMapLayerFields,
    /** `commune`: the communes of the current boundaries (neighbours share a border); `grid`: square cells. */
    level: z.enum(['commune', 'grid']).default('commune'),
    /** Grid cell side in metres. */
    cellMeters: z.coerce.number().int().min(200).max(5000).default(1000),
  })
  .refine(customPeriodOk, CUSTOM_PERIOD_ERROR);
export type TStatHotspotQuery = z.infer<typeof ZStatHotspotQuery>;

export const ZStatHotspotCell = z.object({
  /** Commune code, or `r<row>c<col>` of the grid. */
  key: z.string(),
  label: z.string(),
  /** Cell bounds [west, south, east, north] (grid), or the commune's bounding box. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  count: z.number().int(),
  /** Gi* z-score (after the Anscombe transform of the counts). */
  z: z.number(),
  p: z.number(),
  /** +3/+2/+1 hot at 99/95/90% confidence after false-discovery-rate correction, −1…−3 cold, 0 not significant. */
  bin: z.number().int().min(-3).max(3),
});

export const ZStatHotspotResult = z.object({
  metric: z.enum(HOTSPOT_METRICS),
  level: z.enum(['commune', 'grid']),
  period: ZPeriodOut,
  /** The boundaries the communes are on (commune level). */
  generationDate: z.string().nullable(),
  cellMeters: z.number().nullable(),
  scoped: z.boolean(),
  /** Features analysed (communes, or grid cells inside the city), incidents counted, incidents without a point (grid). */
  features: z.number().int(),
  total: z.number().int(),
  withoutPoint: z.number().int(),
  hot: z.object({ 90: z.number().int(), 95: z.number().int(), 99: z.number().int() }),
  cold: z.object({ 90: z.number().int(), 95: z.number().int(), 99: z.number().int() }),
  method: z.object({ vi: z.string(), en: z.string() }),
  /** Only the features with a count or a significant bin (the others are zero and not significant). */
  cells: z.array(ZStatHotspotCell),
});
export type TStatHotspotResult = z.infer<typeof ZStatHotspotResult>;

/** `GET /api/stats/density`: incidents with a point counted on a square grid, for a heat map. */
export const ZStatDensityQuery = z
  .object({
    ...ZMapLayerFields,
    /** Grid cell side in metres (the hot spots' grid: fixed origin at 0°, 0°). */
    cellMeters: z.coerce.number().int().min(100).max(2000).default(250),
  })
  .refine(customPeriodOk, CUSTOM_PERIOD_ERROR);
export type TStatDensityQuery = z.infer<typeof ZStatDensityQuery>;

export const ZStatDensityResult = z.object({
  metric: z.enum(HOTSPOT_METRICS),
  period: ZPeriodOut,
  cellMeters: z.number().int(),
  scoped: z.boolean(),
  /** Incidents placed on the grid (every cell, also those left out), and those without a point. */
  total: z.number().int(),
  withoutPoint: z.number().int(),
  maxCount: z.number().int(),
  /** [lon, lat, count] of each cell's centre, largest count first, at most 20,000. */
  cells: z.array(z.tuple([z.number(), z.number(), z.number().int()])),
  /** Cells left out by the 20,000 limit. */
  truncated: z.number().int(),
});
export type TStatDensityResult = z.infer<typeof ZStatDensityResult>;
