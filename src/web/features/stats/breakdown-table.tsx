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
          {r.approximateShare !== undefined && r.approximateShare > 0 && (
            <Tooltip title={t('stats.approximateHint')}>
              <Tag color="gold" style={{ marginInlineStart: 6 }} data-testid="stat-row-approximate">
                {t('stats.approximate', { share: formatStat(r.approximateShare * 100, 'percent', lang) })}
              </Tag>
            </Tooltip>
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
      render: (_, r) => <span data-testid="stat-row-current">{formatStat(r.current, unit, lang, true)}</span>,
    },
    ...(hasCmp
      ? ([
          {
            title: result?.comparison === 'previous_period' ? t('stats.col.previous') : t('stats.col.samePeriod'),
            key: 'comparison',
            align: 'right',
            width: 90,
            sorter: byNumber((r) => r.comparison),
            render: (_, r) => formatStat(r.comparison, unit, lang, true),
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
              <Tooltip title={r.change ? (lang === 'en' ? r.change.phrase.en : r.change.phrase.vi) : undefined}>
                <span>{formatPercentChange(r.change, lang)}</span>
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
            render: (_, r) => <SignificanceTag change={r.change} metric={metric} />,
          },
        ] satisfies TableColumnsType<TStatRow>)
      : []),
  ];

  const onExport = async () => {
    if (!result) return;
    setExporting(true);
    try {
      // The shared export wording (header lines, labels of codes) is loaded with the export, like ExcelJS.
      const { breakdownRowLabel, statsHeaderLines } = await import('../../../domain/export');
      const cols: XlsxColumn[] = [
        { header: t('stats.col.name'), type: 'text' },
        { header: `${t('stats.col.current')} (${result.period.label[lang]})`, type: 'value', width: 22 },
      ];
      if (hasCmp) {
        cols.push(
          {
            header: `${result.comparison === 'previous_period' ? t('stats.col.previous') : t('stats.col.samePeriod')} (${result.comparisonPeriod!.label[lang]})`,
            type: 'value',
            width: 22,
          },
          { header: t('stats.col.change'), type: 'value' },
          { header: `${t('stats.col.percent')} (%)`, type: 'decimal' },
          { header: 'z', type: 'decimal' },
          { header: t('stats.col.significance'), type: 'text', width: 30 },
        );
      }
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
            return [
              breakdownRowLabel(result.breakdown, r.key, labelOf(r), lang),
              r.current,
              ...(hasCmp
                ? [
                    r.comparison,
                    r.change?.absolute ?? null,
                    r.change?.percent ?? null,
                    r.change?.z ?? null,
                    sig ? t(`stats.significance.${sig}`) : '',
                  ]
                : []),
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
      <Table<TStatRow>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={rows.length > pageSize ? { pageSize, size: 'small', showSizeChanger: false } : false}
        scroll={{ x: hasCmp ? 820 : 300 }}
        locale={{ emptyText: t('stats.empty') }}
        onRow={(r) =>
          ({
            'data-testid': 'stat-row',
            'data-key': r.key,
            'data-current': r.current ?? '',
          }) as HTMLAttributes<HTMLTableRowElement>
        }
      />
      {result && result.truncated > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('stats.truncated', { count: result.truncated })}
        </Typography.Text>
      )}
    </Card>
  );
}
