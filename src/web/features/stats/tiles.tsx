import { Alert, Card, Col, Row, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isEventMetric, type TStatMetric } from '../../../contracts/stats';
import { formatDateVi } from '../../../domain/calendar/dates';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import type { TStatResult, TStatTarget } from './api';
import { changeColour, formatChange, formatStat, meetsTarget, significanceOf } from './format';
import { higherIsBetter, type TComparison } from './state';

/** The significance tag of a change: |z| > 3, |z| > 2, otherwise normal variation (none for money). */
export function SignificanceTag({
  change,
  metric,
  testId,
}: {
  change: TStatResult['value']['change'];
  metric: TStatMetric;
  testId?: string;
}) {
  const { t } = useTranslation();
  const sig = change ? (change.label ?? significanceOf(change.z)) : null;
  if (!change || sig === null) return null;
  return (
    <Tag
      color={changeColour(change, higherIsBetter(metric))}
      data-testid={testId}
      data-significance={sig}
      style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
    >
      {t(`stats.significance.${sig}`)}
    </Tag>
  );
}

interface TileProps {
  metric: TStatMetric;
  result: TStatResult | undefined;
  loading: boolean;
  error: unknown;
  /** The metric's target (from /api/stats/targets), if it has one. */
  target: TStatTarget | undefined;
  selected: boolean;
  comparison: TComparison;
  onSelect: () => void;
}

const TARGET_COLOURS = {
  met: 'success',
  missed: 'error',
  on_track: 'processing',
  at_risk: 'warning',
  maturing: 'default',
};

/** A rate's cases: "12/14 vụ". */
function useRateParts(metric: TStatMetric) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (p: { num: number; den: number }) =>
    t(isEventMetric(metric) ? 'stats.ratePartsEvents' : 'stats.rateParts', {
      num: formatStat(p.num, 'count', lang),
      den: formatStat(p.den, 'count', lang),
    });
}

/**
 * Rates at the same maturity: the comparison's cases at the same point, its final rate, and the maturing note
 * (src/domain/stats/maturity.ts).
 */
function RateMaturity({ metric, result }: { metric: TStatMetric; result: TStatResult }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const parts = useRateParts(metric);
  const v = result.value;
  const m = v.maturity;
  const cmpParts = v.parts?.comparison;
  return (
    <>
      {v.comparisonFinal && cmpParts && m?.comparisonCutoff && (
        <Tooltip title={t('stats.sameMaturityHint', { cutoff: formatDateVi(m.comparisonCutoff) })}>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }} data-testid="stat-tile-same-maturity">
            {t('stats.sameMaturity', {
              parts: parts(cmpParts),
              final: formatStat(v.comparisonFinal.rate, 'percent', lang),
              finalParts: parts(v.comparisonFinal),
            })}
          </div>
        </Tooltip>
      )}
      {m?.maturing && m.note && (
        <Tooltip title={`${lang === 'en' ? m.note.en : m.note.vi} (${lang === 'en' ? m.source.en : m.source.vi})`}>
          <div
            style={{ fontSize: 12, color: '#0958d9', marginTop: 2 }}
            data-testid="stat-tile-maturing"
            data-until={m.maturingUntil}
          >
            {t('stats.maturing')}
          </div>
        </Tooltip>
      )}
    </>
  );
}

function Tile({ metric, result, loading, error, target, selected, comparison, onSelect }: TileProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const lang = currentLanguage();
  const v = result?.value;
  const rateParts = useRateParts(metric);
  const met = target ? meetsTarget(v?.current, target.op, target.value) : null;
  // Judged by the server like for like (a maturing rate is on track or at risk, not "not met").
  const judged = result?.target?.status ?? null;
  const colour = v?.change ? changeColour(v.change, higherIsBetter(metric)) : 'default';
  const arrowColour = {
    red: '#cf1322',
    orange: '#d46b08',
    green: '#389e0d',
    cyan: '#08979c',
    default: 'rgba(0,0,0,0.65)',
  }[colour];
  return (
    <Card
      hoverable
      size="small"
      className={`stats-tile${selected ? ' stats-tile-selected' : ''}`}
      onClick={onSelect}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect()}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      data-testid={`stat-tile-${metric}`}
      data-selected={selected}
      data-current={v?.current ?? ''}
      data-comparison={v?.comparison ?? ''}
      style={{
        height: '100%',
        borderColor: selected ? '#1677ff' : undefined,
        boxShadow: selected ? '0 0 0 1px #1677ff' : undefined,
      }}
      styles={{ body: { padding: 12 } }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block', minHeight: 36 }}>
        {t(`stats.metrics.${metric}`)}
      </Typography.Text>
      {error ? (
        <Alert type="error" title={errorText(error)} showIcon style={{ padding: '2px 8px' }} />
      ) : loading && !result ? (
        <Skeleton active title={false} paragraph={{ rows: 2 }} />
      ) : result && v ? (
        <>
          <div style={{ display: 'flex', alignItems: 'baseline', gap: 6, flexWrap: 'wrap' }}>
            <span
              style={{ fontSize: 24, fontWeight: 600, lineHeight: 1.3, whiteSpace: 'nowrap' }}
              data-testid="stat-tile-value"
            >
              {formatStat(v.current, result.unit, lang)}
            </span>
            {v.parts && (
              <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }} data-testid="stat-tile-parts">
                {rateParts(v.parts.current)}
              </span>
            )}
          </div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }} data-testid="stat-tile-comparison">
            {t(comparison === 'same_period' ? 'stats.samePeriodValue' : 'stats.previousPeriodValue', {
              value: formatStat(v.comparison, result.unit, lang),
            })}
          </div>
          <div
            style={{ fontSize: 11, color: 'rgba(0,0,0,0.45)' }}
            data-testid="stat-tile-ranges"
            data-running={String(result.ranges.running)}
          >
            {result.ranges.wording[lang]}
          </div>
          <Tooltip title={v.change ? (lang === 'en' ? v.change.phrase.en : v.change.phrase.vi) : t('stats.noBase')}>
            <div
              style={{ marginTop: 4, display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}
              data-testid="stat-tile-change"
            >
              <span style={{ color: arrowColour, fontWeight: 600, whiteSpace: 'nowrap' }}>
                {formatChange(v.change, result.unit, lang)}
              </span>
              <SignificanceTag change={v.change} metric={metric} testId="stat-tile-significance" />
            </div>
          </Tooltip>
          <RateMaturity metric={metric} result={result} />
          {target && (
            <Tooltip title={`${lang === 'en' ? target.label.en : target.label.vi} (${target.source})`}>
              <Tag
                style={{ marginTop: 6, whiteSpace: 'normal' }}
                color={judged ? TARGET_COLOURS[judged] : met === null ? 'default' : met ? 'success' : 'error'}
                data-testid="stat-tile-target"
                data-met={String(met)}
                data-status={judged ?? ''}
              >
                {t('stats.target', { op: target.op, value: formatStat(target.value, 'percent', lang) })}
                {' · '}
                {judged && result.target?.statusLabel
                  ? lang === 'en'
                    ? result.target.statusLabel.en
                    : result.target.statusLabel.vi
                  : met === null
                    ? '–'
                    : met
                      ? t('stats.targetMet')
                      : t('stats.targetNotMet')}
                {(judged === 'on_track' || judged === 'at_risk') && result.target?.expected != null
                  ? ` (${t('stats.targetExpected', { value: formatStat(result.target.expected, 'percent', lang) })})`
                  : ''}
              </Tag>
            </Tooltip>
          )}
        </>
      ) : null}
    </Card>
  );
}

export interface TileState {
  metric: TStatMetric;
  target: TStatTarget | undefined;
  result: TStatResult | undefined;
  loading: boolean;
  error: unknown;
}

/** The headline figures; clicking one makes it the metric of the panels below. */
export function Tiles({
  tiles,
  selected,
  comparison,
  onSelect,
}: {
  tiles: TileState[];
  selected: TStatMetric;
  comparison: TComparison;
  onSelect: (metric: TStatMetric) => void;
}) {
  return (
    <Row gutter={[12, 12]} className="stats-tiles" data-testid="stat-tiles">
      {tiles.map((tile) => (
        <Col key={tile.metric} xs={12} sm={8} md={6} xl={4} xxl={4}>
          <Tile
            {...tile}
            selected={tile.metric === selected}
            comparison={comparison}
            onSelect={() => onSelect(tile.metric)}
          />
        </Col>
      ))}
    </Row>
  );
}
