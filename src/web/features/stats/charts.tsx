import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TLanguage } from '../../../contracts/auth';
import { addMonths, formatDateVi } from '../../../domain/calendar/dates';
import { currentLanguage } from '../../app/i18n';
import type { TStatResult } from './api';
import { Chart, type EChartsOption } from './echarts';
import { formatAxis, formatStat } from './format';

/** Every calendar month 'YYYY-MM' from the month of `from` to the month of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = `${from.slice(0, 7)}-01`; d.slice(0, 7) <= to.slice(0, 7); d = addMonths(d, 1)) out.push(d.slice(0, 7));
  return out;
}

/** Monthly trend: this period's months (solid) and the same months a year earlier (dashed). */
export function TrendChart({ result, height = 320 }: { result: TStatResult; height?: number }) {
  const { t } = useTranslation();
  const lang: TLanguage = currentLanguage();
  const option = useMemo((): EChartsOption => {
    const byMonth = new Map(result.rows.map((r) => [r.key, r]));
    const months = monthsBetween(result.period.start, result.period.end);
    // A month without incidents is 0 for counts; a rate without a base has no value.
    const empty = result.unit === 'percent' ? null : 0;
    // A bucket not counted whole (the running month to today) is drawn hollow and named with its last day: it is
    // compared with the same days of that month a year earlier, not with the whole month.
    const partial = (m: string) => byMonth.get(m)?.bucket?.partial === true;
    const point = (m: string, v: number | null) =>
      partial(m) ? { value: v, symbol: 'emptyCircle', symbolSize: 9 } : v;
    const current = months.map((m) => point(m, byMonth.get(m)?.current ?? empty));
    const previous = months.map((m) => point(m, byMonth.get(m)?.comparison ?? empty));
    const axisLabel = (m: string) => {
      const b = byMonth.get(m)?.bucket;
      const label = `${m.slice(5)}/${m.slice(0, 4)}`;
      return b?.partial ? `${label}*` : label;
    };
    const fmt = (v: unknown) => formatStat(typeof v === 'number' ? v : null, result.unit, lang);
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, data: [t('stats.trendCurrent'), t('stats.trendPrevious')] },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      xAxis: { type: 'category', data: months.map(axisLabel), boundaryGap: false },
      yAxis: {
        type: 'value',
        min: 0,
        axisLabel: { formatter: (v: number) => formatAxis(v, result.unit, lang) },
      },
      series: [
        {
          name: t('stats.trendCurrent'),
          type: 'line',
          data: current,
          symbolSize: 5,
          lineStyle: { width: 2 },
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('stats.trendPrevious'),
          type: 'line',
          data: previous,
          symbolSize: 3,
          lineStyle: { width: 1.5, type: 'dashed' },
          itemStyle: { color: '#8c8c8c' },
        },
      ],
    };
  }, [result, lang, t]);
  const partialRows = result.rows.filter((r) => r.bucket?.partial);
  return (
    <>
      <Chart option={option} height={height} testId="stat-trend-chart" />
      {partialRows.length > 0 && (
        <div
          style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}
          data-testid="stat-trend-partial"
          data-keys={partialRows.map((r) => r.key).join(',')}
        >
          {partialRows
            .map((r) =>
              t('stats.trendPartial', {
                month: `${r.key.slice(5)}/${r.key.slice(0, 4)}`,
                from: formatDateVi(r.bucket!.start),
                to: formatDateVi(r.bucket!.end),
              }),
            )
            .join(' ')}
        </div>
      )}
    </>
  );
}

/** Hour × weekday: when in the week the incidents of the period happen (rows keyed 'weekday-HH', ISO weekday). */
export function HourWeekdayChart({ result, height = 300 }: { result: TStatResult; height?: number }) {
  const { t } = useTranslation();
  const lang: TLanguage = currentLanguage();
  const option = useMemo((): EChartsOption => {
    const days = [1, 2, 3, 4, 5, 6, 7].map((d) => t(`stats.weekdays.${d}` as 'stats.weekdays.1'));
    const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}h`);
    const data: [number, number, number][] = [];
    let max = 0;
    for (const r of result.rows) {
      const m = /^(\d)-(\d{2})$/.exec(r.key);
      if (!m || r.current === null) continue;
      data.push([Number(m[2]), Number(m[1]) - 1, r.current]);
      max = Math.max(max, r.current);
    }
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 8, bottom: 72, containLabel: true },
      tooltip: {
        formatter: (p: unknown) => {
          const v = (p as { value: [number, number, number] }).value;
          return `${days[v[1]]} ${hours[v[0]]}: ${formatStat(v[2], result.unit, lang)}`;
        },
      },
      xAxis: { type: 'category', data: hours, splitArea: { show: true } },
      yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: Math.max(1, max),
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        itemWidth: 12,
        inRange: { color: ['#f0f5ff', '#597ef7', '#10239e'] },
        formatter: (v: unknown) => formatStat(Number(v), result.unit, lang),
      },
      series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }],
    };
  }, [result, lang, t]);
  return <Chart option={option} height={height} testId="stat-heatmap-chart" />;
}
