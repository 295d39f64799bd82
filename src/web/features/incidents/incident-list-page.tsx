import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Input, Select, Space, Switch, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { INCIDENT_KINDS, STATUSES, statusLabel, type IncidentKind, type Label } from '../../../domain/incidents/kinds';
import { TRAFFIC_SEVERITY_LABELS } from '../../../domain/incidents/traffic-severity';
import { GROUP_LABELS, SEVERITY_LABELS } from '../../../domain/law/penal-code';
import { useAuth } from '../../app/auth';
import { formatDateTime, formatDay, formatNumber, todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { DISPLAY, ISO, validIso } from '../areas/generation-picker';
import { exportUrl, filtersFromParams, useIncidentList, useIncidentTotal, type IncidentFilters, type TIncidentListItem } from './api';
import { DaysLeft, KIND_SHORT, KindTag, StatusTag, useLabel } from './labels';
import { AreaSelect, UnitSelect } from './pickers';

/** Status options of a kind, or of every kind (first label wins) when none is chosen. */
function statusOptions(kind: IncidentKind | undefined): { value: string; label: Label }[] {
  const kinds = kind ? [kind] : INCIDENT_KINDS;
  const seen = new Map<string, Label>();
  for (const k of kinds) {
    for (const s of STATUSES[k]) {
      const l = statusLabel(k, s);
      if (l && !seen.has(s)) seen.set(s, l);
    }
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

const isKind = (v: string | undefined): v is IncidentKind => (INCIDENT_KINDS as readonly string[]).includes(v ?? '');

/** An estimate shown to two significant figures: it is not more precise than that. */
const roughly = (n: number) => {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 1);
  return Math.round(n / step) * step;
};

/** /incidents?kind&from&to&areaCode&unitId&category&statGroup&severity&status&overdue&dueWithinDays&q&sort — filters and order live in the URL. */
export function IncidentListPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const list = useIncidentList(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const kind = isKind(filters.kind) ? filters.kind : undefined;
  const listDate = validIso(filters.to) ?? todayIso();
  const lang = currentLanguage();
  // The exact count is asked for one set of filters; any change of filters goes back to the cheap answer.
  const countKey = JSON.stringify({ ...filters, sort: undefined });
  const [exactFor, setExactFor] = useState<string | null>(null);
  const total = useIncidentTotal(filters, exactFor === countKey);
  // Above the bound the planner's estimate ("khoảng"), or only "more than the bound" when its estimate is lower.
  const totalText = !total.data
    ? '…'
    : total.data.exact
      ? formatNumber(total.data.count, lang)
      : total.data.count <= total.data.exactUpTo + 1
        ? t('incidents.moreThanNumber', { formatted: formatNumber(total.data.exactUpTo, lang) })
        : t('incidents.approxNumber', { formatted: formatNumber(roughly(total.data.count), lang) });

  const update = (patch: Partial<IncidentFilters>) => {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...filters, ...patch })) if (v) next[k] = v;
    setParams(next, { replace: true });
  };

  const dueSoon = filters.dueWithinDays === '5' && filters.kind === 'crime_report';

  // Key columns first (reference, kind, status, deadline), then the commune (5th: e2e/stats.e2e.ts reads it);
  // the title takes what is left, so the table fits 1440 px without horizontal scrolling (e2e/counts.e2e.ts).
  const columns: TableColumnsType<TIncidentListItem> = [
    {
      title: t('incidents.refNo'),
      key: 'refNo',
      width: 140,
      render: (_, r) => (
        <Link to={`/incidents/${r.id}`} data-testid="incident-row-link">
          {r.refNo}
        </Link>
      ),
    },
    { title: t('incidents.kind'), key: 'kind', width: 140, render: (_, r) => <KindTag kind={r.kind} /> },
    { title: t('incidents.status'), key: 'status', width: 160, render: (_, r) => <StatusTag status={r.status} label={r.statusLabel} /> },
    {
      title: t('incidents.deadline'),
      key: 'deadline',
      width: 150,
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, r) => (r.kind === 'crime_report' ? <DaysLeft daysLeft={r.daysLeft} overdue={r.overdue} /> : null),
    },
    { title: t('incidents.area'), dataIndex: 'areaFullName', key: 'area', ellipsis: true, width: 170 },
    { title: t('incidents.titleField'), dataIndex: 'title', key: 'title', ellipsis: true },
    { title: t('incidents.occurredAt'), key: 'occurredAt', width: 140, render: (_, r) => formatDateTime(r.occurredAt) },
    // The handling unit from 1600 px up; narrower screens find it in the record (and filter by it).
    { title: t('incidents.unit'), dataIndex: 'unitName', key: 'unit', ellipsis: true, width: 200, responsive: ['xxl'] },
  ];

  const severityOptions =
    kind === 'traffic_accident'
      ? Object.entries(TRAFFIC_SEVERITY_LABELS).map(([value, l]) => ({ value, label: label(l) }))
      : Object.entries(SEVERITY_LABELS).map(([value, l]) => ({ value, label: label(l) }));

  return (
    <div data-testid="page-incidents">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('incidents.title')}
        </Typography.Title>
        <Space wrap>
          <a href={exportUrl('csv', filters)} download data-testid="incident-export-csv">
            <Button icon={<DownloadOutlined />}>{t('incidents.exportCsv')}</Button>
          </a>
          <a href={exportUrl('xlsx', filters)} download data-testid="incident-export-xlsx">
            <Button icon={<DownloadOutlined />}>{t('incidents.exportXlsx')}</Button>
          </a>
          {can('incidents.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(kind ? `/incidents/new?kind=${kind}` : '/incidents/new')}
              data-testid="incident-create"
            >
              {t('incidents.create')}
            </Button>
          )}
        </Space>
      </Flex>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="incident-filters">
        <Flex wrap gap={8} align="center">
          <Select<string>
            allowClear
            placeholder={t('incidents.allKinds')}
            value={filters.kind}
            onChange={(v) => update({ kind: v, status: undefined, severity: undefined })}
            options={INCIDENT_KINDS.map((k) => ({ value: k, label: label(KIND_SHORT[k]) }))}
            style={{ width: 200, maxWidth: '100%' }}
            data-testid="filter-kind"
          />
          <DatePicker.RangePicker
            style={{ maxWidth: '100%' }}
            format={DISPLAY}
            allowEmpty={[true, true]}
            placeholder={[t('incidents.from'), t('incidents.to')]}
            value={[filters.from ? dayjs(filters.from, ISO) : null, filters.to ? dayjs(filters.to, ISO) : null]}
            onChange={(v) => update({ from: v?.[0]?.format(ISO), to: v?.[1]?.format(ISO) })}
            data-testid="filter-period"
          />
          <AreaSelect
            allowClear
            date={listDate}
            value={filters.areaCode}
            onChange={(v) => update({ areaCode: v })}
            placeholder={t('incidents.area')}
            style={{ width: 220, maxWidth: '100%' }}
            testId="filter-area"
          />
          <UnitSelect allowClear date={listDate} value={filters.unitId} onChange={(v) => update({ unitId: v })} style={{ width: 240, maxWidth: '100%' }} testId="filter-unit" />
          <Input
            allowClear
            placeholder={t('incidents.categoryPlaceholder')}
            defaultValue={filters.category}
            key={`category-${filters.category ?? ''}`}
            onPressEnter={(e) => update({ category: e.currentTarget.value.trim() || undefined })}
            onBlur={(e) => e.currentTarget.value.trim() !== (filters.category ?? '') && update({ category: e.currentTarget.value.trim() || undefined })}
            style={{ width: 170, maxWidth: '100%' }}
            aria-label={t('incidents.category')}
            data-testid="filter-category"
          />
          <Select<string>
            allowClear
            placeholder={t('incidents.statGroup')}
            value={filters.statGroup}
            onChange={(v) => update({ statGroup: v })}
            options={Object.entries(GROUP_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
            style={{ width: 220, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            data-testid="filter-stat-group"
          />
          <Select<string>
            allowClear
            placeholder={t('incidents.severity')}
            value={filters.severity}
            onChange={(v) => update({ severity: v })}
            options={severityOptions}
            style={{ width: 180, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            data-testid="filter-severity"
          />
          <Select<string>
            allowClear
            placeholder={t('incidents.status')}
            value={filters.status}
            onChange={(v) => update({ status: v })}
            options={statusOptions(kind).map((o) => ({ value: o.value, label: label(o.label) }))}
            style={{ width: 190, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            data-testid="filter-status"
          />
          <Space>
            <Switch
              checked={filters.overdue === 'true'}
              onChange={(on) => update({ overdue: on ? 'true' : undefined })}
              data-testid="filter-overdue"
            />
            <span>{t('incidents.overdue')}</span>
          </Space>
          <Button
            type={dueSoon ? 'primary' : 'default'}
            danger={dueSoon}
            onClick={() =>
              dueSoon ? update({ dueWithinDays: undefined }) : update({ dueWithinDays: '5', kind: 'crime_report', status: undefined })
            }
            data-testid="filter-due-soon"
          >
            {t('incidents.dueSoon')}
          </Button>
          <Select<string>
            value={filters.sort === 'due' ? 'due' : 'newest'}
            onChange={(v) => update({ sort: v === 'due' ? 'due' : undefined })}
            options={[
              { value: 'newest', label: t('incidents.sortNewest') },
              { value: 'due', label: t('incidents.sortDue') },
            ]}
            prefix={`${t('incidents.sort')}:`}
            style={{ width: 260, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            data-testid="incident-sort"
          />
          <Input.Search
            allowClear
            placeholder={t('incidents.searchPlaceholder')}
            defaultValue={filters.q}
            key={`q-${filters.q ?? ''}`}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 360, maxWidth: '100%' }}
            data-testid="filter-q"
          />
          {Object.keys(filters).length > 0 && (
            <Button type="link" onClick={() => setParams({}, { replace: true })} data-testid="filter-clear">
              {t('incidents.clearFilters')}
            </Button>
          )}
        </Flex>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Card>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Space wrap>
            <Typography.Text
              strong
              data-testid="incident-total"
              data-count={total.data?.count}
              data-exact={total.data ? String(total.data.exact) : undefined}
            >
              {total.data && !total.data.exact ? (
                <Tooltip title={t('incidents.totalApproxHint', { bound: formatNumber(total.data.exactUpTo, lang) })}>
                  <span>{t('incidents.totalApprox', { formatted: totalText })}</span>
                </Tooltip>
              ) : (
                t('incidents.total', { formatted: totalText })
              )}
            </Typography.Text>
            {total.data && !total.data.exact && (
              <Button size="small" onClick={() => setExactFor(countKey)} loading={total.isFetching} data-testid="incident-count-exact">
                {t('incidents.countExact')}
              </Button>
            )}
            {total.data && (filters.overdue === 'true' || filters.dueWithinDays) && (
              <Typography.Text type="secondary">({t('incidents.totalAsOf', { date: formatDay(total.data.asOf) })})</Typography.Text>
            )}
          </Space>
        </Flex>
        <Table<TIncidentListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching && !list.isFetchingNextPage}
          pagination={false}
          tableLayout="fixed"
          // The fixed columns (900 px) and a readable title: narrower screens (a phone) scroll the table, not the page;
          // at 1440 px the table is wider than this and does not scroll (e2e/counts.e2e.ts).
          scroll={{ x: 1040 }}
          locale={{ emptyText: t('incidents.empty') }}
          onRow={(r) => ({ 'data-testid': `incident-row-${r.refNo}` }) as HTMLAttributes<HTMLTableRowElement>}
          data-testid="incident-table"
        />
        <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" data-testid="incident-shown" data-count={rows.length}>
            {t('incidents.shownOf', { shown: formatNumber(rows.length, lang), total: totalText })}
          </Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="incident-load-more">
              {t('common.loadMore')}
            </Button>
          ) : (
            rows.length > 0 && <Typography.Text type="secondary">{t('incidents.noMore')}</Typography.Text>
          )}
        </Flex>
      </Card>
    </div>
  );
}
