import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, App, Button, Card, Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { TStatMetric } from '../../../contracts/stats';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import type { TStatResult, TStatRow } from './api';
import { exportXlsx, type XlsxColumn } from './export-xlsx';
import { formatDecimal, formatPercentChange, formatStat, significanceOf } from './format';
import { formatInterval } from '../../../domain/stats/small-numbers';
import { formatDateVi } from '../../../domain/calendar/dates';
import { drillHref } from './state';
import { SignificanceTag } from './tiles';

const byNumber = (f: (r: TStatRow) => number | null | undefined) => (a: TStatRow, b: TStatRow) =>
  (f(a) ?? -Infinity) - (f(b) ?? -Infinity);

interface Props {
  title: string;
  testId: string;
  metric: TStatMetric;
  result: TStatResult | undefined;
  loading: boolean;
  error: unknown;
  /** Translates a row's label (the server labels in Vietnamese; some keys have an English name). */
  rowLabel?: (row: TStatRow) => string;
  /** Toggles or notes shown in the card's header. */
  extra?: ReactNode;
  /** The export's file name, without extension. */
  fileName: string;
  pageSize?: number;
}

/**
 * One breakdown as a sortable table: current, comparison, change, percent, z and significance. A row's
 * name opens the incident list filtered by its drill-down; the whole table exports to XLSX.
 */
export function BreakdownTable({
  title,
  testId,
  metric,
  result,
  loading,
  error,
  rowLabel,
  extra,
  fileName,
  pageSize = 10,
}: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const lang = currentLanguage();
  const [exporting, setExporting] = useState(false);
  const [searchParams] = useSearchParams();
  const unit = result?.unit ?? 'count';
  const rows = result?.rows ?? [];
  const labelOf = (r: TStatRow) => rowLabel?.(r) ?? r.label;
  const hasCmp = result?.comparisonPeriod != null;

  const columns: TableColumnsType<TStatRow> = [
    {
      title: t('stats.col.name'),
      key: 'label',
      ellipsis: true,
      width: 210,
      fixed: 'left',
      render: (_, r) => (
        <span>
          {r.drill ? (
            <Link to={drillHref(r.drill)} data-testid="stat-row-drill" title={t('stats.drill')}>
              {labelOf(r)}
            </Link>
          ) : (
            <Tooltip title={t('stats.noDrill')}>
              <span>{labelOf(r)}</span>
            </Tooltip>
          )}
          {r.reform ? (
            <ReformTag reform={r.reform} hasCmp={hasCmp} />
          ) : (
            r.approximateShare !== undefined &&
            r.approximateShare > 0 && (
              <Tooltip title={t('stats.approximateHint')}>
                <Tag color="gold" style={{ marginInlineStart: 6 }} data-testid="stat-row-approximate">
                  {t('stats.approximate', { share: formatStat(r.approximateShare * 100, 'percent', lang) })}
                </Tag>
              </Tooltip>
            )
          )}
        </span>
      ),
    },
    {
      title: t('stats.col.current'),
      key: 'current',
      align: 'right',
      width: 90,
      sorter: byNumber((r) => r.current),
      defaultSortOrder: 'descend',
      render: (_, r) =>
        unit === 'percent' && r.parts ? (
          <Tooltip
            title={
              r.interval
                ? t('stats.interval', {
                    interval: formatInterval({ low: r.interval.low / 100, high: r.interval.high / 100 }, lang),
                  })
                : undefined
            }
          >
            <span data-testid="stat-row-current">{formatStat(r.current, unit, lang, true)}</span>
            <Fraction parts={r.parts.current} testId="stat-row-fraction" />
            {r.interval && (
              <Typography.Text
                type="secondary"
                style={{ display: 'block', fontSize: 11 }}
                data-testid="stat-row-interval"
              >
                {formatInterval({ low: r.interval.low / 100, high: r.interval.high / 100 }, lang)}
              </Typography.Text>
            )}
          </Tooltip>
        ) : (
          <span data-testid="stat-row-current">{formatStat(r.current, unit, lang, true)}</span>
        ),
    },
    ...(hasCmp
      ? ([
          {
            title: result?.comparison === 'previous_period' ? t('stats.col.previous') : t('stats.col.samePeriod'),
            key: 'comparison',
            align: 'right',
            width: 90,
            sorter: byNumber((r) => r.comparison),
            render: (_, r) => (
              <span data-testid="stat-row-comparison">
                {formatStat(r.comparison, unit, lang, true)}
                {unit === 'percent' && r.parts?.comparison && <Fraction parts={r.parts.comparison} />}
              </span>
            ),
          },
          {
            title: t('stats.col.change'),
            key: 'change',
            align: 'right',
            width: 90,
            sorter: byNumber((r) => r.change?.absolute),
            render: (_, r) =>
              !r.change
                ? '–'
                : unit === 'percent'
                  ? formatDecimal(r.change.absolute, lang, 1)
                  : formatStat(r.change.absolute, unit, lang, true),
          },
          {
            title: t('stats.col.percent'),
            key: 'percent',
            align: 'right',
            width: 100,
            sorter: byNumber((r) => r.change?.percent),
            render: (_, r) => (
              <Tooltip
                title={
                  r.change
                    ? `${lang === 'en' ? r.change.phrase.en : r.change.phrase.vi}${r.change.smallBase ? ` — ${t('stats.smallBase', { min: result?.smallNumbers?.minBase ?? 10 })}` : ''}`
                    : undefined
                }
              >
                <span data-testid="stat-row-percent" data-small-base={r.change?.smallBase ? 'true' : undefined}>
                  {formatPercentChange(r.change, lang)}
                </span>
              </Tooltip>
            ),
          },
          {
            title: 'z',
            key: 'z',
            align: 'right',
            width: 70,
            sorter: byNumber((r) => (r.change?.z == null ? null : Math.abs(r.change.z))),
            render: (_, r) => formatDecimal(r.change?.z, lang),
          },
          {
            title: t('stats.col.significance'),
            key: 'significance',
            width: 170,
            render: (_, r) =>
              r.reform?.status === 'approximate' ? (
                <Tooltip title={t('stats.reform.approximateHint')}>
                  <Tag data-testid="stat-row-no-significance">{t('stats.reform.noSignificance')}</Tag>
                </Tooltip>
              ) : (
                <SignificanceTag change={r.change} metric={metric} />
              ),
          },
        ] satisfies TableColumnsType<TStatRow>)
      : []),
  ];

  // Rates: rows on too few cases are listed apart, after the ranking (small numbers).
  const ranked = rows.filter((r) => !r.tooFewCases);
  const tooFew = rows.filter((r) => r.tooFewCases);
  const minCases = result?.smallNumbers?.minCases ?? 10;
  const tableProps = (list: TStatRow[], rowTestId: string) => ({
    rowKey: 'key' as const,
    size: 'small' as const,
    columns,
    dataSource: list,
    loading,
    pagination:
      list.length > pageSize ? { pageSize, size: 'small' as const, showSizeChanger: false } : (false as const),
    scroll: { x: hasCmp ? 860 : 300 },
    locale: { emptyText: t('stats.empty') },
    onRow: (r: TStatRow) =>
      ({
        'data-testid': rowTestId,
        'data-key': r.key,
        'data-current': r.current ?? '',
        'data-reform': r.reform?.status ?? '',
      }) as HTMLAttributes<HTMLTableRowElement>,
  });

  const onExport = async () => {
    if (!result) return;
    setExporting(true);
    try {
      // The shared export wording (header lines, labels of codes) is loaded with the export, like ExcelJS.
      const { breakdownRowLabel, statsHeaderLines } = await import('../../../domain/export');
      // Column headers name the dates each side counted (a running period: to today); the lines above name the period.
      const span = (r: { start: string; end: string }) => `${formatDateVi(r.start)} – ${formatDateVi(r.end)}`;
      const cols: XlsxColumn[] = [
        { header: t('stats.col.name'), type: 'text' },
        { header: `${t('stats.col.current')} (${span(result.ranges.current)})`, type: 'value', width: 22 },
      ];
      // Rates carry their counts and interval; every row its reform status (the screen's tags) in a note.
      const isRate = result.unit === 'percent';
      const fraction = (p: { num: number; den: number } | null | undefined) =>
        p ? `${formatStat(p.num, 'count', lang)}/${formatStat(p.den, 'count', lang)}` : '';
      if (isRate)
        cols.push(
          { header: t('stats.col.casesCurrent'), type: 'text', width: 18 },
          { header: t('stats.col.interval'), type: 'text', width: 18 },
        );
      if (hasCmp) {
        cols.push(
          {
            header: `${result.comparison === 'previous_period' ? t('stats.col.previous') : t('stats.col.samePeriod')} (${span(result.ranges.comparison ?? result.comparisonPeriod!)})`,
            type: 'value',
            width: 22,
          },
          { header: t('stats.col.change'), type: 'value' },
          { header: `${t('stats.col.percent')} (%)`, type: 'decimal' },
          { header: 'z', type: 'decimal' },
          { header: t('stats.col.significance'), type: 'text', width: 30 },
        );
        if (isRate) cols.splice(5, 0, { header: t('stats.col.casesComparison'), type: 'text', width: 18 });
      }
      cols.push({ header: t('stats.col.note'), type: 'text', width: 36 });
      const noteOf = (r: TStatRow) =>
        [
          r.reform?.status === 'approximate'
            ? t('stats.reform.approximate', {
                share: formatStat(r.reform.approximateShare.current * 100, 'percent', lang),
              })
            : r.reform?.status === 'new'
              ? t('stats.reform.new')
              : r.reform?.status === 'ended'
                ? t('stats.reform.ended')
                : '',
          r.tooFewCases ? t('stats.col.tooFew', { min: minCases }) : '',
        ]
          .filter(Boolean)
          .join('; ');
      // The dashboard's own filters (the URL): area code and unit, named by the unit table when it lists it.
      const filters = [];
      const areaCode = searchParams.get('areaCode');
      const unitId = searchParams.get('unitId');
      if (areaCode) filters.push({ name: { vi: 'Mã địa bàn', en: 'Area code' }, value: areaCode });
      if (unitId)
        filters.push({
          name: { vi: 'Đơn vị', en: 'Unit' },
          value: (result.breakdown === 'unit' ? rows.find((r) => r.key === unitId)?.label : undefined) ?? unitId,
        });
      await exportXlsx(
        {
          sheet: title,
          title: statsHeaderLines(
            {
              title: `${result.label[lang]} — ${title}`,
              period: result.period,
              comparison: result.comparison,
              comparisonPeriod: result.comparisonPeriod,
              filters,
              exportedAt: new Date(),
            },
            lang,
          ),
          unit: result.unit,
          columns: cols,
          rows: rows.map((r) => {
            const sig = r.change ? (r.change.label ?? significanceOf(r.change.z)) : null;
            const interval = r.interval
              ? formatInterval({ low: r.interval.low / 100, high: r.interval.high / 100 }, lang)
              : '';
            return [
              breakdownRowLabel(result.breakdown, r.key, labelOf(r), lang),
              r.current,
              ...(isRate ? [fraction(r.parts?.current), interval] : []),
              ...(hasCmp
                ? [
                    r.comparison,
                    ...(isRate ? [fraction(r.parts?.comparison)] : []),
                    r.change?.absolute ?? null,
                    // A small base: counts and z only, as on the screen.
                    r.change?.smallBase ? null : (r.change?.percent ?? null),
                    r.change?.z ?? null,
                    sig ? t(`stats.significance.${sig}`) : '',
                  ]
                : []),
              noteOf(r),
            ];
          }),
        },
        `${fileName}.xlsx`,
      );
    } catch {
      void message.error(t('stats.exportFailed'));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={unit === 'vnd' ? `${title} (${t('stats.currency')})` : title}
      className="stats-panel"
      data-testid={testId}
      data-rows={rows.length}
    >
      <Flex gap={8} wrap align="center" justify="space-between" style={{ marginBottom: 8 }} className="stats-no-print">
        <div>{extra}</div>
        {result && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${testId}-ranges`}>
            {result.ranges.wording[lang]}
          </Typography.Text>
        )}
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() => void onExport()}
          loading={exporting}
          disabled={!result || rows.length === 0}
          data-testid={`${testId}-export`}
        >
          {t('stats.exportXlsx')}
        </Button>
      </Flex>
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 8 }} /> : null}
      {result?.reform && result.comparisonPeriod && movedAcross(result.reform) && <ReformNote reform={result.reform} />}
      {/* Every row on too few cases: only their group, no empty ranking above it. */}
      {(ranked.length > 0 || tooFew.length === 0) && <Table<TStatRow> {...tableProps(ranked, 'stat-row')} />}
      {tooFew.length > 0 && (
        <div data-testid={`${testId}-too-few`} data-rows={tooFew.length} style={{ marginTop: 8 }}>
          <Tooltip title={t('stats.tooFewHint')}>
            <Typography.Text strong style={{ fontSize: 12 }}>
              {t('stats.tooFew', { min: minCases, count: tooFew.length })}
            </Typography.Text>
          </Tooltip>
          <Table<TStatRow> {...tableProps(tooFew, 'stat-row-too-few')} showHeader={ranked.length === 0} />
        </div>
      )}
      {result && result.truncated > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('stats.truncated', { count: result.truncated })}
        </Typography.Text>
      )}
    </Card>
  );
}

/** The counts behind a rate: "12/14 vụ". */
function Fraction({ parts, testId }: { parts: { num: number; den: number }; testId?: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const f = (v: number) => formatStat(v, 'count', lang);
  return (
    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 11 }} data-testid={testId}>
      {t('stats.fraction', { num: f(parts.num), den: f(parts.den) })}
    </Typography.Text>
  );
}

/** A row placed across the 2025 reform: approximate (with its share), new, or a unit that ended. */
function ReformTag({ reform, hasCmp }: { reform: NonNullable<TStatRow['reform']>; hasCmp: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (reform.status === 'exact') return null;
  const share = hasCmp ? reform.approximateShare.comparison : reform.approximateShare.current;
  const [text, hint, colour] =
    reform.status === 'approximate'
      ? [
          t('stats.reform.approximate', { share: formatStat(share * 100, 'percent', lang) }),
          t('stats.reform.approximateHint'),
          'gold',
        ]
      : reform.status === 'new'
        ? [t('stats.reform.new'), t('stats.reform.newHint'), 'blue']
        : [t('stats.reform.ended'), t('stats.reform.endedHint'), 'default'];
  return (
    <Tooltip title={hint}>
      <Tag
        color={colour}
        style={{ marginInlineStart: 6 }}
        data-testid="stat-row-approximate"
        data-status={reform.status}
        data-share={share}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

/** How last year was placed on the current areas or units (issue 12, item 3). */
function ReformNote({ reform }: { reform: NonNullable<TStatResult['reform']> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const m = reform.methods.comparison;
  const n = (v: number) => formatStat(v, 'count', lang);
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8, fontSize: 12 }}
      data-testid="stat-reform-note"
      title={t('stats.reform.note', {
        what: t(reform.kind === 'unit' ? 'stats.reform.units' : 'stats.reform.areas'),
        date: formatDateVi(reform.targetDate),
        same: n(m.same),
        point: n(m.point),
        lineage: n(m.lineage),
        rule: n(m.rule),
        share: formatStat(reform.approximateShare.comparison * 100, 'percent', lang),
        ended: reform.endedUnits > 0 ? t('stats.reform.endedUnits', { count: reform.endedUnits }) : '',
      })}
    />
  );
}

/** Whether any of last year's figure was moved across a reform (otherwise there is nothing to say). */
function movedAcross(reform: NonNullable<TStatResult['reform']>): boolean {
  const m = reform.methods.comparison;
  return m.point + m.lineage + m.rule + m.unresolved > 0 || reform.endedUnits > 0;
}
