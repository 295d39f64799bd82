import { useCallback, useMemo, type ReactNode } from 'react';
import { Alert, Card, Flex, Segmented, Switch, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { TLanguage } from '../../../contracts/auth';
import { RATE_METRICS, type TStatMetric } from '../../../contracts/stats';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { AreaMap, type MapColours, type MapHeatmap, type MapOutlines } from '../areas/area-map';
import { areaPath } from '../areas/api';
import type { TStatDensityResult, TStatHotspotResult, TStatResult, TStatRow } from './api';
import { formatPercentChange, formatRate, formatStat } from './format';
import { drillHref, higherIsBetter, type TMapColour } from './state';

const NO_DATA = '#e8e8e8';
/** A commune with incidents but no population figure (its rate is unknown). */
const NO_POPULATION = '#bfbfbf';
const SEQUENTIAL = ['#fff7ec', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'];
// Worse → better, read left to right in the legend.
const DIVERGING = ['#b2182b', '#ef8a62', '#f7f7f7', '#67a9cf', '#2166ac'];

/** Hot spots (bins +1…+3 at 90/95/99% after FDR) outlined in magenta, cold spots (−1…−3) in blue. */
const HOT = { 3: '#7a0177', 2: '#c51b8a', 1: '#f768a1' } as const;
const COLD = { 3: '#08306b', 2: '#2171b5', 1: '#6baed6' } as const;
const LEVEL = { 3: 99, 2: 95, 1: 90 } as const;

export function hotspotOutlines(result: TStatHotspotResult | undefined): MapOutlines {
  const out: MapOutlines = {};
  for (const c of result?.cells ?? []) {
    if (c.bin === 0) continue;
    const strength = Math.abs(c.bin) as 1 | 2 | 3;
    out[c.key] = { colour: c.bin > 0 ? HOT[strength] : COLD[strength], width: 1.5 + strength };
  }
  return out;
}

/** A layer over the commune map (hot spots, density): only count metrics have one. */
export interface MapLayer<R> {
  available: boolean;
  on: boolean;
  onToggle: (on: boolean) => void;
  result: R | undefined;
  loading: boolean;
  error: unknown;
}
export type HotspotLayer = MapLayer<TStatHotspotResult>;
export type DensityLayer = MapLayer<TStatDensityResult>;

/** Rates in five equal classes from 0 to the largest (bounds to one decimal); unknown rates apart. */
export function rateClasses(
  rows: TStatRow[],
  lang: TLanguage,
  noPopulation: string,
): { colourOf: (r: TStatRow) => string; legend: LegendClass[] } {
  const max = Math.max(0, ...rows.map((r) => r.rate ?? 0));
  const step = max === 0 ? 0 : Math.max(0.1, Math.ceil((max / 5) * 10) / 10);
  const bounds = [1, 2, 3, 4, 5].map((i) => Number((step * i).toFixed(1)));
  const colourOf = (r: TStatRow) => {
    if (r.rate === null || r.rate === undefined) return NO_POPULATION;
    if (r.rate === 0) return NO_DATA;
    const i = bounds.findIndex((b) => r.rate! <= b);
    return SEQUENTIAL[i === -1 ? 4 : i]!;
  };
  const legend: LegendClass[] = [{ colour: NO_DATA, label: '0' }];
  let lower = 0;
  for (let i = 0; i < 5 && lower < max; i++) {
    legend.push({ colour: SEQUENTIAL[i]!, label: `${formatRate(lower, lang)} – ${formatRate(bounds[i]!, lang)}` });
    lower = bounds[i]!;
  }
  if (rows.some((r) => r.rate === null)) legend.push({ colour: NO_POPULATION, label: noPopulation });
  return { colourOf, legend };
}

export interface LegendClass {
  colour: string;
  label: string;
}

/** Five equal classes from 0 to the largest value (upper bounds rounded up to whole figures for counts). */
export function valueClasses(
  rows: TStatRow[],
  unit: TStatResult['unit'],
  lang: TLanguage,
): { colourOf: (v: number | null) => string; legend: LegendClass[] } {
  const max = Math.max(0, ...rows.map((r) => r.current ?? 0));
  const step = unit === 'percent' ? max / 5 : Math.max(1, Math.ceil(max / 5));
  const bounds = [1, 2, 3, 4, 5].map((i) => step * i);
  const colourOf = (v: number | null) => {
    if (v === null || v === 0) return NO_DATA;
    const i = bounds.findIndex((b) => v <= b);
    return SEQUENTIAL[i === -1 ? 4 : i]!;
  };
  const legend: LegendClass[] = [{ colour: NO_DATA, label: unit === 'percent' ? '–' : '0' }];
  let lower = 0;
  for (let i = 0; i < 5 && lower < max; i++) {
    // Counts are whole: the class (2, 4] reads "3 – 4".
    const from = unit === 'count' || unit === 'people' ? lower + 1 : lower;
    const label =
      from >= bounds[i]!
        ? formatStat(bounds[i]!, unit, lang)
        : `${formatStat(from, unit, lang)} – ${formatStat(bounds[i]!, unit, lang)}`;
    legend.push({ colour: SEQUENTIAL[i]!, label });
    lower = bounds[i]!;
  }
  return { colourOf, legend };
}

/** Change in percent in five classes, coloured by whether it goes the right way for the metric. */
export function changeClasses(
  higherBetter: boolean,
  t: (k: 'stats.noBase') => string,
): { colourOf: (r: TStatRow) => string; legend: LegendClass[] } {
  const cuts = [-50, -10, 10, 50];
  const labels = ['≤ −50%', '−50% – −10%', '−10% – +10%', '+10% – +50%', '> +50%'];
  // Index 0 is the biggest fall: good when lower is better (blue end), bad for rates (red end).
  const palette = higherBetter ? DIVERGING : [...DIVERGING].reverse();
  const colourOf = (r: TStatRow) => {
    const p = r.change?.percent;
    if (p === null || p === undefined) return NO_DATA;
    const i = cuts.findIndex((c) => p <= c);
    return palette[i === -1 ? 4 : i]!;
  };
  return {
    colourOf,
    legend: [
      ...labels.map((label, i) => ({ colour: palette[i]!, label })),
      { colour: NO_DATA, label: t('stats.noBase') },
    ],
  };
}

/** A map layer's on/off switch, disabled with the reason when the metric has no such layer. */
function LayerSwitch({
  layer,
  label,
  unavailable,
  testId,
}: {
  layer: MapLayer<unknown>;
  label: string;
  unavailable: string;
  testId: string;
}) {
  return (
    <Tooltip title={layer.available ? undefined : unavailable}>
      <span style={{ whiteSpace: 'nowrap' }}>
        <Switch
          size="small"
          checked={layer.on}
          disabled={!layer.available}
          loading={layer.on && layer.loading}
          onChange={layer.onToggle}
          data-testid={testId}
        />{' '}
        {label}
      </span>
    </Tooltip>
  );
}

/**
 * The communes of today's boundaries coloured by the selected metric (breakdown area_current: older
 * communes are re-aggregated onto today's through the lineage). Clicking a commune opens its incidents.
 */
export function StatsMap({
  metric,
  result,
  loading,
  error,
  targetDate,
  colour,
  onColour,
  hotspots,
  density,
}: {
  metric: TStatMetric;
  result: TStatResult | undefined;
  loading: boolean;
  error: unknown;
  targetDate: string;
  colour: TMapColour;
  onColour: (c: TMapColour) => void;
  hotspots: HotspotLayer;
  density: DensityLayer;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const rows = useMemo(() => result?.rows ?? [], [result]);
  const byCode = useMemo(() => new Map(rows.map((r) => [r.key, r])), [rows]);

  // Rates need a count metric and population figures for some commune of the map's date.
  const rateAvailable = (RATE_METRICS as readonly string[]).includes(metric) && (result?.population?.known ?? 0) > 0;
  const shown: TMapColour = colour === 'rate' && !rateAvailable ? 'value' : colour;

  const { colours, legend } = useMemo(() => {
    const unit = result?.unit ?? 'count';
    if (shown === 'rate') {
      const c = rateClasses(rows, lang, t('stats.noPopulation'));
      return {
        colours: {
          byCode: Object.fromEntries(rows.map((r) => [r.key, c.colourOf(r)])),
          fallback: NO_DATA,
        } as MapColours,
        legend: c.legend,
      };
    }
    if (shown === 'change') {
      const c = changeClasses(higherIsBetter(metric), t);
      return {
        colours: {
          byCode: Object.fromEntries(rows.map((r) => [r.key, c.colourOf(r)])),
          fallback: NO_DATA,
        } as MapColours,
        legend: c.legend,
      };
    }
    const c = valueClasses(rows, unit, lang);
    return {
      colours: {
        byCode: Object.fromEntries(rows.map((r) => [r.key, c.colourOf(r.current)])),
        fallback: NO_DATA,
      } as MapColours,
      legend: c.legend,
    };
  }, [rows, result?.unit, shown, metric, lang, t]);

  // The density layer lightens the choropleth beneath it.
  const mapColours = useMemo(() => (density.on ? { ...colours, opacity: 0.35 } : colours), [colours, density.on]);
  const heatmap = useMemo<MapHeatmap | null>(
    () => (density.on && density.result ? { points: density.result.cells, maxWeight: density.result.maxCount } : null),
    [density.on, density.result],
  );

  const outlines = useMemo(
    () => (hotspots.on ? hotspotOutlines(hotspots.result) : null),
    [hotspots.on, hotspots.result],
  );
  const bins = useMemo(
    () => new Map((hotspots.on ? (hotspots.result?.cells ?? []) : []).map((c) => [c.key, c.bin])),
    [hotspots.on, hotspots.result],
  );

  const describe = useCallback(
    (code: string, name: string) => {
      const r = byCode.get(code);
      const unit = result?.unit ?? 'count';
      if (!r) return `${name}: ${formatStat(unit === 'percent' ? null : 0, unit, lang)}`;
      const cmp =
        r.comparison === null
          ? ''
          : ` (${t(result?.comparison === 'previous_period' ? 'stats.previousPeriodValue' : 'stats.samePeriodValue', { value: formatStat(r.comparison, unit, lang) })}, ${formatPercentChange(r.change, lang)})`;
      const rate =
        r.rate === undefined
          ? ''
          : ` · ${r.rate === null ? t('stats.noPopulation') : t('stats.ratePer10k', { value: formatRate(r.rate, lang) })}`;
      // Rates with their counts ("12/14 vụ"); rows placed across the 2025 reform say so.
      const counts =
        unit === 'percent' && r.parts
          ? ` (${t('stats.fraction', { num: formatStat(r.parts.current.num, 'count', lang), den: formatStat(r.parts.current.den, 'count', lang) })})`
          : '';
      const share = r.reform
        ? r.comparison === null
          ? r.reform.approximateShare.current
          : r.reform.approximateShare.comparison
        : 0;
      const reform =
        r.reform?.status === 'approximate'
          ? ` · ${t('stats.reform.approximate', { share: formatStat(share * 100, 'percent', lang) })}`
          : r.reform?.status === 'new'
            ? ` · ${t('stats.reform.new')}`
            : '';
      return `${name}: ${formatStat(r.current, unit, lang)}${counts}${cmp}${rate}${reform}`;
    },
    [byCode, result, lang, t],
  );

  const tooltip = useCallback(
    (code: string, name: string) => {
      const bin = bins.get(code) ?? 0;
      const spot =
        bin === 0
          ? ''
          : ` · ${t(bin > 0 ? 'stats.hotspotHot' : 'stats.hotspotCold', { level: LEVEL[Math.abs(bin) as 1 | 2 | 3] })}`;
      return describe(code, name) + spot;
    },
    [bins, t, describe],
  );

  const onSelect = useCallback(
    (code: string) => {
      const drill = byCode.get(code)?.drill;
      // A commune formed from several old ones is no single list filter: its page shows the lineage instead.
      navigate(drill ? drillHref(drill) : areaPath(code, targetDate));
    },
    [byCode, navigate, targetDate],
  );

  return (
    <Card size="small" title={t('stats.map')} className="stats-panel stats-map" data-testid="stat-map-panel">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 8 }} className="stats-no-print">
        <Segmented<TMapColour>
          size="small"
          value={colour}
          onChange={onColour}
          options={[
            { value: 'value', label: t('stats.mapColour.value') },
            { value: 'change', label: t('stats.mapColour.change') },
            {
              value: 'rate',
              disabled: !rateAvailable,
              label: (
                <Tooltip title={rateAvailable ? undefined : t('stats.rateUnavailable')}>
                  <span data-testid="stat-map-colour-rate">{t('stats.mapColour.rate')}</span>
                </Tooltip>
              ),
            },
          ]}
          data-testid="stat-map-colour"
        />
        <LayerSwitch layer={hotspots} label={t('stats.hotspots')} unavailable={t('stats.hotspotUnavailable')} testId="stat-hotspots" />
        <LayerSwitch layer={density} label={t('stats.density')} unavailable={t('stats.densityUnavailable')} testId="stat-density" />
      </Flex>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 8 }} /> : null}
      {density.on && density.error ? (
        <Alert type="error" showIcon title={errorText(density.error)} style={{ marginBottom: 8 }} />
      ) : null}
      {hotspots.on && hotspots.error ? (
        <Alert type="error" showIcon title={errorText(hotspots.error)} style={{ marginBottom: 8 }} />
      ) : null}
      <div
        style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginBottom: 6, fontSize: 12 }}
        data-testid="stat-map-legend"
        data-colour={shown}
      >
        {shown === 'rate' && <span style={{ fontWeight: 500 }}>{t('stats.rateLegend')}</span>}
        {legend.map((l) => (
          <span key={l.label} style={{ whiteSpace: 'nowrap' }}>
            <span
              style={{
                display: 'inline-block',
                width: 12,
                height: 12,
                background: l.colour,
                border: '1px solid #d9d9d9',
                marginRight: 4,
                verticalAlign: -2,
              }}
            />
            {l.label}
          </span>
        ))}
      </div>
      {hotspots.on && hotspots.result && (
        <div
          style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginBottom: 6, fontSize: 12 }}
          data-testid="stat-hotspot-legend"
          data-hot={hotspots.result.hot[90] + hotspots.result.hot[95] + hotspots.result.hot[99]}
          data-cold={hotspots.result.cold[90] + hotspots.result.cold[95] + hotspots.result.cold[99]}
        >
          {([3, 2, 1] as const).map((b) => (
            <OutlineKey key={`h${b}`} colour={HOT[b]} width={1.5 + b}>
              {t('stats.hotspotHot', { level: LEVEL[b] })} ({hotspots.result!.hot[LEVEL[b]]})
            </OutlineKey>
          ))}
          {([3, 2, 1] as const).map((b) => (
            <OutlineKey key={`c${b}`} colour={COLD[b]} width={1.5 + b}>
              {t('stats.hotspotCold', { level: LEVEL[b] })} ({hotspots.result!.cold[LEVEL[b]]})
            </OutlineKey>
          ))}
        </div>
      )}
      {density.on && density.result && (
        <div
          style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', marginBottom: 6, fontSize: 12 }}
          data-testid="stat-density-legend"
          data-total={density.result.total}
          data-cells={density.result.cells.length}
        >
          <span style={{ whiteSpace: 'nowrap' }}>
            <span
              style={{
                display: 'inline-block',
                width: 48,
                height: 10,
                background: 'linear-gradient(to right, rgba(254,217,118,0.7), #fd8d3c, #f03b20, #bd0026)',
                marginRight: 4,
                verticalAlign: -1,
              }}
            />
            {t('stats.densityLegend', {
              cell: formatRate(density.result.cellMeters, lang),
              total: formatStat(density.result.total, 'count', lang),
              max: formatStat(density.result.maxCount, 'count', lang),
            })}
          </span>
          {density.result.withoutPoint > 0 && (
            <span>{t('stats.densityWithoutPoint', { n: formatStat(density.result.withoutPoint, 'count', lang) })}</span>
          )}
          {density.result.truncated > 0 && <span>{t('stats.densityTruncated', { n: formatStat(density.result.truncated, 'count', lang) })}</span>}
        </div>
      )}
      <div style={{ opacity: loading ? 0.6 : 1 }}>
        <AreaMap
          date={targetDate}
          selected={null}
          onSelect={onSelect}
          height={420}
          testId="stat-map"
          showCount={false}
          colours={mapColours}
          tooltip={tooltip}
          outlines={outlines}
          heatmap={heatmap}
        />
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }} data-testid="stat-map-note">
        {t('stats.mapBoundaryNote')}{' '}
        {rateAvailable && result?.population
          ? t('stats.mapRateKnown', {
              year: result.population.year ?? '–',
              sources: result.population.sources.join('; ') || '–',
              missing: formatStat(result.population.missing, 'count', lang),
            })
          : t('stats.mapRateNote')}
        {density.on && density.result && (
          <span data-testid="stat-density-note"> {t('stats.densityNote', { cell: formatRate(density.result.cellMeters, lang) })}</span>
        )}
        {hotspots.on && hotspots.result && (
          <span data-testid="stat-hotspot-note">
            {' '}
            {t('stats.hotspotNote', { method: hotspots.result.method[lang] })}
          </span>
        )}
      </Typography.Paragraph>
    </Card>
  );
}

function OutlineKey({ colour, width, children }: { colour: string; width: number; children: ReactNode }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span
        style={{
          display: 'inline-block',
          width: 12,
          height: 12,
          border: `${Math.round(width)}px solid ${colour}`,
          marginRight: 4,
          verticalAlign: -2,
        }}
      />
      {children}
    </span>
  );
}
