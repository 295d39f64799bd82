import { useMemo, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Flex, Row, Segmented, Space, Spin, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { HOTSPOT_METRICS, isEventMetric, RATE_METRICS, type TStatMetric } from '../../../contracts/stats';
import { customPeriod, likeForLike, periodContaining, type Period } from '../../../domain/periods';
import { formatDateTime, todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { useDensity, useHotspots, useStatTargets, useStats, useTileStats, type TStatResult, type TStatRow } from './api';
import { BreakdownTable } from './breakdown-table';
import { HourWeekdayChart, TrendChart } from './charts';
import { PeriodControls } from './period-controls';
import { StatsMap } from './stats-map';
import {
  DEFAULT_STATE,
  TILE_METRICS,
  TREND_MONTHS,
  paramsFromState,
  periodQuery,
  stateFromParams,
  trendRange,
  type DashboardState,
  type TAreaBoundaries,
  type TTrendMonths,
} from './state';
import { Tiles } from './tiles';
import './stats.css';

/** The period the dashboard shows, computed as the server does (same domain functions). */
function periodOf(s: DashboardState, today: string): Period {
  if (s.period === 'custom' && s.from && s.to) return customPeriod(s.from, s.to);
  return periodContaining(s.period === 'custom' ? 'report_month' : s.period, s.date ?? today);
}

/**
 * CompStat: headline tiles for the period against cùng kỳ (or the previous period), and for the chosen
 * metric a monthly trend, tables by commune, unit and offence, a commune map and an hour × weekday heat map.
 * Everything the user chooses lives in the URL (/statistics?metric&period&date&comparison&…).
 */
export function StatsPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => stateFromParams(params), [params]);
  const today = todayIso();
  const period = periodOf(state, today);
  // Like for like, as the server counts it (src/domain/periods/like-for-like.ts); the server's own statement
  // (a tile's `ranges`, on the server's day) replaces it once a tile has answered.
  const local = likeForLike(period, today, state.comparison);

  // Each choice is a history entry, so the back button steps back through the views.
  const update = (patch: Partial<DashboardState>) => setParams(paramsFromState({ ...state, ...patch }));

  const base = periodQuery(state);
  const tiles = useTileStats(TILE_METRICS, base);
  const metric = state.metric;
  const trend = trendRange(period.end, today, state.trendMonths);
  const trendQ = useStats({
    metric,
    period: 'custom',
    from: trend.from,
    to: trend.to,
    comparison: 'same_period',
    breakdown: 'month',
    areaCode: state.areaCode,
    unitId: state.unitId,
  });
  // Event metrics (bảo vệ sự kiện) break down by event type and level instead of area and offence; no map, no
  // hour × weekday.
  const isEvent = isEventMetric(metric);
  const areaQ = useStats({
    ...base,
    metric,
    breakdown: isEvent ? 'event_type' : state.boundaries === 'current' ? 'area_current' : 'area',
    limit: 5000,
  });
  const unitQ = useStats({ ...base, metric, breakdown: 'unit', limit: 1000 });
  const categoryQ = useStats({ ...base, metric, breakdown: isEvent ? 'event_level' : 'category', limit: 1000 });
  const hourQ = useStats({ ...base, metric, comparison: 'none', breakdown: 'hour_weekday' }, !isEvent);
  // The map: today's communes (the only boundaries drawn), older communes re-aggregated onto them.
  // With rates per 10,000 inhabitants for count metrics (the population figures of today's communes).
  const rateMetric = (RATE_METRICS as readonly string[]).includes(metric);
  const mapQ = useStats(
    { ...base, metric, breakdown: 'area_current', targetDate: today, limit: 5000, ...(rateMetric ? { per: 'population' } : {}) },
    !isEvent,
  );
  const targets = useStatTargets();
  // Hot spots: counts only, over the whole scope (the endpoint has no area or unit filter).
  const hotspotsAvailable = (HOTSPOT_METRICS as readonly string[]).includes(metric);
  const hotspotQ = useHotspots(
    {
      metric,
      period: state.period,
      ...(state.period === 'custom' ? { from: state.from, to: state.to } : { date: state.date }),
      level: 'commune',
    },
    state.hotspots && hotspotsAvailable,
  );

  // The density map: the same count metrics and period as the hot spots, over the whole scope.
  const densityQ = useDensity(
    {
      metric,
      period: state.period,
      ...(state.period === 'custom' ? { from: state.from, to: state.to } : { date: state.date }),
    },
    state.density && hotspotsAvailable,
  );

  const selectedTile = tiles[TILE_METRICS.indexOf(metric as (typeof TILE_METRICS)[number])];
  const answered = tiles.find((q) => q.data)?.data;
  const wording = (answered?.ranges.wording ?? local.wording)[lang];
  const cmpLabel = (answered?.comparisonPeriod ?? local.comparisonPeriod)?.label[lang] ?? '';
  const selected = selectedTile?.data ?? areaQ.data;
  const metricLabel = selected ? selected.label[lang] : t(`stats.metrics.${metric}`);
  const scoped = tiles.some((q) => q.data?.scoped);
  const allFailed = tiles.every((q) => q.isError);

  const categoryLabel = (r: TStatRow) => (r.key === '' ? t('stats.unknown') : r.label);
  const fileBase = `thong-ke-${metric}-${period.start}_${period.end}`;

  return (
    <div data-testid="page-statistics" data-period-start={period.start} data-period-end={period.end}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }} className="stats-no-print">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stats.title')}
        </Typography.Title>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="stat-print">
          {t('stats.print')}
        </Button>
      </Flex>
      <div className="stats-print-heading" data-testid="stat-print-heading">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stats.printTitle', { period: period.label[lang] })}
        </Typography.Title>
        <div>
          {wording} · {t('stats.comparedWith', { period: cmpLabel })} ·{' '}
          {t('stats.printedOn', { date: formatDateTime(new Date()) })}
        </div>
      </div>
      <PeriodControls
        state={state}
        filterDate={period.end < today ? period.end : today}
        onChange={update}
        onReset={() => setParams(paramsFromState(DEFAULT_STATE))}
      />
      <Typography.Paragraph className="stats-no-print" style={{ marginBottom: 12 }} data-testid="stat-period-label">
        <Typography.Text strong>{period.label[lang]}</Typography.Text>
        <Typography.Text type="secondary">
          {' '}
          · {t('stats.comparedWith', { period: cmpLabel })}
        </Typography.Text>
        <br />
        <Typography.Text data-testid="stat-period-ranges">{wording}</Typography.Text>
      </Typography.Paragraph>
      {scoped && (
        <Alert type="info" showIcon title={t('stats.scoped')} style={{ marginBottom: 12 }} data-testid="stat-scoped" />
      )}
      {allFailed && (
        <Alert
          type="error"
          showIcon
          title={errorText(tiles[0]?.error)}
          style={{ marginBottom: 12 }}
          data-testid="stat-error"
        />
      )}

      <Tiles
        tiles={TILE_METRICS.map((m, i) => ({
          metric: m,
          result: tiles[i]?.data,
          loading: tiles[i]?.isFetching ?? true,
          error: tiles[i]?.error ?? null,
          target: targets.data?.items.find((x) => x.metric === m),
        }))}
        selected={metric}
        comparison={state.comparison}
        onSelect={(m: TStatMetric) => update({ metric: m })}
      />

      <Typography.Title
        level={4}
        style={{ margin: '20px 0 12px' }}
        data-testid="stat-selected-metric"
        data-metric={metric}
      >
        {metricLabel}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" className="stats-panel" title={t('stats.trend')} data-testid="stat-trend">
            <Segmented<TTrendMonths>
              size="small"
              className="stats-no-print"
              style={{ marginBottom: 8 }}
              value={state.trendMonths}
              onChange={(trendMonths) => update({ trendMonths })}
              options={TREND_MONTHS.map((n) => ({ value: n, label: t('stats.months', { count: n }) }))}
              data-testid="stat-trend-months"
            />
            <Panel query={trendQ}>{(r) => <TrendChart result={r} />}</Panel>
          </Card>
        </Col>
        {!isEvent && (
          <Col xs={24} xl={10}>
            <Card size="small" className="stats-panel" title={t('stats.heatmap')} data-testid="stat-heatmap">
              <Panel query={hourQ}>{(r) => (r.value.current ? <HourWeekdayChart result={r} /> : <Empty />)}</Panel>
            </Card>
          </Col>
        )}
        {!isEvent && (
          <Col xs={24} xl={10}>
            <StatsMap
              metric={metric}
              result={mapQ.data}
              loading={mapQ.isFetching}
              error={mapQ.error}
              targetDate={today}
              colour={state.mapColour}
              onColour={(mapColour) => update({ mapColour })}
              hotspots={{
                available: hotspotsAvailable,
                on: state.hotspots && hotspotsAvailable,
                onToggle: (hotspots) => update({ hotspots }),
                result: hotspotQ.data,
                loading: hotspotQ.isFetching,
                error: hotspotQ.error,
              }}
              density={{
                available: hotspotsAvailable,
                on: state.density && hotspotsAvailable,
                onToggle: (density) => update({ density }),
                result: densityQ.data,
                loading: densityQ.isFetching,
                error: densityQ.error,
              }}
            />
          </Col>
        )}
        <Col xs={24} xl={14}>
          <BreakdownTable
            title={isEvent ? t('stats.eventTypes') : t('stats.areas')}
            testId="stat-area-table"
            metric={metric}
            result={areaQ.data}
            loading={areaQ.isFetching}
            error={areaQ.error}
            fileName={`${fileBase}-dia-ban`}
            extra={
              isEvent ? undefined : (
                <Segmented<TAreaBoundaries>
                  size="small"
                  className="stats-no-print"
                  value={state.boundaries}
                  onChange={(boundaries) => update({ boundaries })}
                  options={[
                    { value: 'time', label: t('stats.boundariesTime') },
                    { value: 'current', label: t('stats.boundariesCurrent') },
                  ]}
                  data-testid="stat-boundaries"
                />
              )
            }
          />
        </Col>
        <Col xs={24} xxl={12}>
          <BreakdownTable
            title={t('stats.units')}
            testId="stat-unit-table"
            metric={metric}
            result={unitQ.data}
            loading={unitQ.isFetching}
            error={unitQ.error}
            fileName={`${fileBase}-don-vi`}
          />
        </Col>
        <Col xs={24} xxl={12}>
          <BreakdownTable
            title={isEvent ? t('stats.eventLevels') : t('stats.categories')}
            testId="stat-category-table"
            metric={metric}
            result={categoryQ.data}
            loading={categoryQ.isFetching}
            error={categoryQ.error}
            rowLabel={categoryLabel}
            fileName={`${fileBase}-toi-danh`}
          />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        {t('stats.footnote')}
      </Typography.Paragraph>
    </div>
  );
}

/** Loading, error and empty states of a chart panel. */
function Panel({
  query,
  children,
}: {
  query: { data?: TStatResult; isFetching: boolean; error: unknown };
  children: (r: TStatResult) => ReactNode;
}) {
  const errorText = useErrorText();
  if (query.error) return <Alert type="error" showIcon title={errorText(query.error)} />;
  if (!query.data) return <Spin style={{ display: 'block', padding: 48 }} />;
  return <div style={{ opacity: query.isFetching ? 0.6 : 1 }}>{children(query.data)}</div>;
}

function Empty() {
  const { t } = useTranslation();
  return (
    <Space style={{ padding: 48, justifyContent: 'center', width: '100%' }}>
      <Typography.Text type="secondary">{t('stats.empty')}</Typography.Text>
    </Space>
  );
}
