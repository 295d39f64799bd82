import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Input,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { addDays, hcmDateOf, isoWeekday } from '../../../domain/calendar/dates';
import {
  EVENT_LEVEL_LABELS,
  EVENT_LEVELS,
  EVENT_STATUS_LABELS,
  EVENT_STATUSES,
  EVENT_TYPE_LABELS,
  EVENT_TYPES,
  type EventLevel,
} from '../../../domain/events/model';
import { useAuth } from '../../app/auth';
import { formatDate, formatDateTime, formatNumber, todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { useLabel } from '../incidents/labels';
import { UnitSelect } from '../incidents/pickers';
import { useBoard, useEventList, useEventStats, type EventFilters, type TEventListItem } from './api';
import { LEVEL_COLOURS, LevelTag, StatusTag, TypeText } from './labels';
import { UpcomingMap } from './upcoming-map';

type View = 'month' | 'week' | 'day';

const firstDay = (e: TEventListItem) => hcmDateOf(e.startsAt);
const lastDay = (e: TEventListItem) => hcmDateOf(new Date(Date.parse(e.endsAt) - 1));
const time = (iso: string) => formatDateTime(iso).slice(11);

/** The dates a view shows: a month as whole weeks (Monday first), a week, or a day. */
function rangeOf(view: View, anchor: string): { from: string; to: string; days: string[] } {
  let from = anchor;
  let to = anchor;
  if (view === 'month') {
    const first = `${anchor.slice(0, 7)}-01`;
    const last = dayjs(first).endOf('month').format('YYYY-MM-DD');
    from = addDays(first, 1 - isoWeekday(first));
    to = addDays(last, 7 - isoWeekday(last));
  } else if (view === 'week') {
    from = addDays(anchor, 1 - isoWeekday(anchor));
    to = addDays(from, 6);
  }
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return { from, to, days };
}

/** Events per day (an event shows on every day it runs), each day sorted by start. */
function byDay(items: readonly TEventListItem[], days: readonly string[]) {
  const out = new Map<string, TEventListItem[]>(days.map((d) => [d, []]));
  const first = days[0]!;
  const last = days.at(-1)!;
  for (const e of items) {
    let d = firstDay(e) < first ? first : firstDay(e);
    const end = lastDay(e) > last ? last : lastDay(e);
    for (; d <= end; d = addDays(d, 1)) out.get(d)?.push(e);
  }
  return out;
}

function EventChip({ e }: { e: TEventListItem }) {
  return (
    <Link
      to={`/events/${e.id}`}
      className="event-chip"
      data-testid="calendar-event"
      title={e.name}
      style={{ display: 'block', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', fontSize: 12 }}
    >
      <Badge color={LEVEL_COLOURS[e.level]} /> {time(e.startsAt)} {e.name}
    </Link>
  );
}

function CalendarView({ filters }: { filters: EventFilters }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = (['month', 'week', 'day'].includes(params.get('view') ?? '') ? params.get('view') : 'month') as View;
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : todayIso();
  const { from, to, days } = rangeOf(view, anchor);
  const list = useEventList({ ...filters, from, to });
  const items = list.data?.items ?? [];
  // The React compiler memoises this per render inputs.
  const perDay = byDay(items, days);
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const step = (n: number) =>
    set({
      date:
        view === 'month'
          ? dayjs(anchor).add(n, 'month').format('YYYY-MM-DD')
          : addDays(anchor, n * (view === 'week' ? 7 : 1)),
    });
  const month = anchor.slice(0, 7);
  const weekdayNames =
    currentLanguage() === 'en'
      ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
      : ['Thứ 2', 'Thứ 3', 'Thứ 4', 'Thứ 5', 'Thứ 6', 'Thứ 7', 'CN'];
  const title =
    view === 'month'
      ? `${t('events.views.month')} ${anchor.slice(5, 7)}/${anchor.slice(0, 4)}`
      : view === 'week'
        ? `${formatDate(from)} – ${formatDate(to)}`
        : formatDate(anchor);

  return (
    <div data-testid="event-calendar" data-count={items.length}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => step(-1)} aria-label={t('events.prev')} />
          <Button onClick={() => set({ date: todayIso() })}>{t('events.today')}</Button>
          <Button icon={<RightOutlined />} onClick={() => step(1)} aria-label={t('events.next')} />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="calendar-title">
            {title}
          </Typography.Title>
        </Space>
        <Segmented
          value={view}
          onChange={(v) => set({ view: String(v) })}
          options={(['month', 'week', 'day'] as const).map((v) => ({ value: v, label: t(`events.views.${v}`) }))}
          data-testid="calendar-view"
        />
      </Flex>
      {list.data?.truncated && (
        <Alert
          type="warning"
          showIcon
          title={t('events.truncated', { count: items.length })}
          style={{ marginBottom: 8 }}
        />
      )}
      {view === 'day' ? (
        <List
          bordered
          dataSource={perDay.get(anchor) ?? []}
          locale={{ emptyText: t('events.empty') }}
          renderItem={(e) => (
            <List.Item>
              <Space wrap>
                <Typography.Text strong>
                  {formatDateTime(e.startsAt)} – {formatDateTime(e.endsAt)}
                </Typography.Text>
                <Link to={`/events/${e.id}`}>{e.name}</Link>
                <LevelTag level={e.level} />
                <StatusTag status={e.status} />
                <Typography.Text type="secondary">
                  {e.venueName} · {e.leadUnitName}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', border: '1px solid #f0f0f0' }}>
          {weekdayNames.map((n) => (
            <div
              key={n}
              style={{ padding: 4, fontWeight: 600, background: '#fafafa', borderBottom: '1px solid #f0f0f0' }}
            >
              {n}
            </div>
          ))}
          {days.map((d) => {
            const evs = perDay.get(d) ?? [];
            const shown = view === 'month' ? evs.slice(0, 3) : evs;
            return (
              <div
                key={d}
                data-testid="calendar-day"
                data-date={d}
                style={{
                  minHeight: view === 'month' ? 96 : 320,
                  padding: 4,
                  borderTop: '1px solid #f0f0f0',
                  borderRight: '1px solid #f0f0f0',
                  background:
                    d === todayIso() ? '#e6f4ff' : d.slice(0, 7) !== month && view === 'month' ? '#fafafa' : undefined,
                  minWidth: 0,
                }}
              >
                <a onClick={() => set({ view: 'day', date: d })} style={{ fontWeight: 600 }}>
                  {Number(d.slice(8))}
                </a>
                {shown.map((e) => (
                  <EventChip key={e.id} e={e} />
                ))}
                {evs.length > shown.length && (
                  <a onClick={() => set({ view: 'day', date: d })} style={{ fontSize: 12 }}>
                    {t('events.more', { count: evs.length - shown.length })}
                  </a>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function ListView({ filters }: { filters: EventFilters }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const list = useEventList(
    {
      from: filters.from ?? dayjs().startOf('month').format('YYYY-MM-DD'),
      to: filters.to ?? dayjs().endOf('month').format('YYYY-MM-DD'),
      ...filters,
    },
    500,
  );
  const columns: TableColumnsType<TEventListItem> = [
    { title: t('events.field.time'), key: 'time', width: 170, render: (_, e) => formatDateTime(e.startsAt) },
    {
      title: t('events.field.name'),
      key: 'name',
      ellipsis: true,
      render: (_, e) => (
        <Link to={`/events/${e.id}`} data-testid="event-row-link">
          {e.name}
        </Link>
      ),
    },
    { title: t('events.field.type'), key: 'type', width: 200, render: (_, e) => <TypeText type={e.type} /> },
    { title: t('events.field.level'), key: 'level', width: 170, render: (_, e) => <LevelTag level={e.level} /> },
    { title: t('events.field.venue'), dataIndex: 'venueName', key: 'venue', ellipsis: true, width: 220 },
    { title: t('events.field.leadUnit'), dataIndex: 'leadUnitName', key: 'lead', ellipsis: true, width: 200 },
    {
      title: t('events.field.staff'),
      key: 'staff',
      width: 90,
      align: 'right',
      render: (_, e) => formatNumber(e.staffTotal, currentLanguage()),
    },
    { title: t('events.field.status'), key: 'status', width: 150, render: (_, e) => <StatusTag status={e.status} /> },
  ];
  return (
    <>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {list.data?.truncated && (
        <Alert
          type="warning"
          showIcon
          title={t('events.truncated', { count: list.data.items.length })}
          style={{ marginBottom: 8 }}
        />
      )}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        scroll={{ x: 1200 }}
        data-testid="event-table"
      />
    </>
  );
}

function BoardView() {
  const { t } = useTranslation();
  const board = useBoard();
  const items = board.data?.items ?? [];
  if (!board.isPending && items.length === 0) return <Empty description={t('events.noActive')} />;
  return (
    <Row gutter={[12, 12]} data-testid="event-board">
      {items.map((e) => (
        <Col key={e.id} xs={24} md={12} xl={8}>
          <Card size="small" title={<Link to={`/events/${e.id}`}>{e.name}</Link>} extra={<LevelTag level={e.level} />}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {e.venueName} · {e.leadUnitName}
            </Typography.Paragraph>
            <Space wrap>
              <StatusTag status={e.status} />
              <span>
                {t('events.entries')}: {e.entries}
              </span>
              {e.incidents > 0 && (
                <Tag color="red">
                  {t('events.section.incidents')}: {e.incidents}
                </Tag>
              )}
            </Space>
            {e.lastEntry && (
              <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                <Typography.Text strong>{formatDateTime(e.lastEntry.at)}</Typography.Text> — {e.lastEntry.text}{' '}
                <Typography.Text type="secondary">({e.lastEntry.actorName})</Typography.Text>
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** "Bảo vệ tuyệt đối an toàn N sự kiện" this year, against the same period last year. */
export function EventStatsCard() {
  const { t } = useTranslation();
  const label = useLabel();
  const stats = useEventStats({ period: 'year' });
  const s = stats.data;
  const lang = currentLanguage();
  return (
    <Card size="small" data-testid="event-stats" loading={stats.isPending}>
      {s && (
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="event-headline">
              {label(s.headline)}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('events.headline')} (<span data-testid="event-stats-ranges">{label(s.ranges.wording)}</span>)
            </Typography.Text>
          </Col>
          <Col xs={8} md={4}>
            <Statistic title={t('events.protectedCount')} value={formatNumber(s.current.protected, lang)} />
          </Col>
          <Col xs={8} md={4}>
            <Statistic
              title={t('events.safeShare')}
              value={s.current.safeShare === null ? '—' : `${formatNumber(s.current.safeShare, lang)}%`}
            />
          </Col>
          <Col xs={8} md={6}>
            <Statistic
              title={t('events.vsLastYear')}
              value={label(s.change.phrase)}
              styles={{ content: { fontSize: 16 } }}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** /events?tab&view&date&type&level&status&unitId&q — calendar, list, live board and map of upcoming events. */
export function EventsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'calendar';
  const filters: EventFilters = {};
  for (const k of ['type', 'level', 'status', 'unitId', 'q', 'from', 'to'] as const) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const range: [Dayjs, Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('events.title')}
        </Typography.Title>
        {can('events.write') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/events/new')}
            data-testid="event-new"
          >
            {t('events.newEvent')}
          </Button>
        )}
      </Flex>
      <EventStatsCard />
      <Card size="small">
        <Flex wrap gap={8}>
          <Select
            allowClear
            placeholder={t('events.field.type')}
            value={filters.type}
            onChange={(v) => set({ type: v })}
            options={EVENT_TYPES.map((v) => ({ value: v, label: label(EVENT_TYPE_LABELS[v]) }))}
            style={{ minWidth: 200 }}
          />
          <Select
            allowClear
            placeholder={t('events.field.level')}
            value={filters.level}
            onChange={(v) => set({ level: v })}
            options={EVENT_LEVELS.map((v: EventLevel) => ({ value: v, label: label(EVENT_LEVEL_LABELS[v]) }))}
            style={{ minWidth: 170 }}
          />
          <Select
            allowClear
            placeholder={t('events.field.status')}
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={EVENT_STATUSES.map((v) => ({ value: v, label: label(EVENT_STATUS_LABELS[v]) }))}
            style={{ minWidth: 160 }}
          />
          <UnitSelect
            allowClear
            date={todayIso()}
            value={filters.unitId}
            onChange={(v) => set({ unitId: v })}
            style={{ minWidth: 240 }}
          />
          <Input.Search
            allowClear
            placeholder={t('events.field.searchText')}
            defaultValue={filters.q}
            onSearch={(v) => set({ q: v })}
            style={{ width: 240 }}
          />
          {tab === 'list' && (
            <DatePicker.RangePicker
              format="DD/MM/YYYY"
              value={range}
              onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            />
          )}
        </Flex>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        destroyOnHidden
        items={[
          {
            key: 'calendar',
            label: t('events.tabs.calendar'),
            children: <CalendarView filters={{ ...filters, from: undefined, to: undefined }} />,
          },
          { key: 'list', label: t('events.tabs.list'), children: <ListView filters={filters} /> },
          { key: 'board', label: t('events.tabs.board'), children: <BoardView /> },
          {
            key: 'map',
            label: t('events.tabs.map'),
            children: <UpcomingMap filters={{ ...filters, from: todayIso(), to: addDays(todayIso(), 30) }} />,
          },
        ]}
      />
    </Space>
  );
}
