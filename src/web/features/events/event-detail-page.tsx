import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popover,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { CopyOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { SHIFT_LABELS, SHIFTS, type EventStatus, type Shift } from '../../../domain/events/model';
import { useAuth } from '../../app/auth';
import { formatDate, formatDateTime, formatNumber, todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { DATE_TIME_DISPLAY, pickerToInstant, useLabel } from '../incidents/labels';
import { UnitSelect } from '../incidents/pickers';
import { useEvent, useEventMutations, type TEvent } from './api';
import { LevelTag, StatusTag, TypeText } from './labels';
import { PointsMap } from './points-map';

const PRINT_CSS = `@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { margin: 0 !important; padding: 0 !important; }
  .print-only { display: block !important; }
}
.print-only { display: none; }`;

/** Staffing as a table: one row per unit, one column per date and shift, with totals. */
function StaffingTable({ e }: { e: TEvent }) {
  const { t } = useTranslation();
  const label = useLabel();
  const lang = currentLanguage();
  const slots = [...new Set(e.staffing.map((s) => `${s.date}|${s.shift}`))].sort();
  const units = [...new Map(e.staffing.map((s) => [s.unitId, s.unitName])).entries()];
  const cell = new Map(e.staffing.map((s) => [`${s.unitId}|${s.date}|${s.shift}`, s.staff]));
  type RowT = { unitId: string; unitName: string };
  const columns: TableColumnsType<RowT> = [
    { title: t('events.field.unit'), dataIndex: 'unitName', key: 'unit', fixed: 'left', width: 240 },
    ...slots.map((slot) => {
      const [date, shift] = slot.split('|') as [string, Shift];
      return {
        title: (
          <span>
            {formatDate(date)}
            <br />
            {label(SHIFT_LABELS[shift])}
          </span>
        ),
        key: slot,
        align: 'right' as const,
        width: 120,
        render: (_: unknown, r: RowT) => {
          const v = cell.get(`${r.unitId}|${slot}`);
          return v === undefined ? '' : formatNumber(v, lang);
        },
      };
    }),
    {
      title: t('events.total'),
      key: 'total',
      align: 'right',
      width: 90,
      render: (_, r) =>
        formatNumber(
          e.staffing.filter((s) => s.unitId === r.unitId).reduce((a, s) => a + s.staff, 0),
          lang,
        ),
    },
  ];
  return (
    <Table
      size="small"
      rowKey="unitId"
      pagination={false}
      columns={columns}
      dataSource={units.map(([unitId, unitName]) => ({ unitId, unitName }))}
      scroll={{ x: 'max-content' }}
      data-testid="staffing-table"
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <strong>{t('events.total')}</strong>
          </Table.Summary.Cell>
          {slots.map((slot, i) => (
            <Table.Summary.Cell key={slot} index={i + 1} align="right">
              {formatNumber(
                e.staffing.filter((s) => `${s.date}|${s.shift}` === slot).reduce((a, s) => a + s.staff, 0),
                lang,
              )}
            </Table.Summary.Cell>
          ))}
          <Table.Summary.Cell index={slots.length + 1} align="right">
            <strong>{formatNumber(e.staffTotal, lang)}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function AddStaffing({
  e,
  onSave,
  saving,
}: {
  e: TEvent;
  onSave: (lines: TEvent['staffing']) => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm<{ unitId: string; date: Dayjs; shift: Shift; staff: number }>();
  return (
    <Form
      form={form}
      layout="inline"
      className="no-print"
      data-testid="staffing-form"
      onFinish={(v) => {
        const date = v.date.format('YYYY-MM-DD');
        const rest = e.staffing.filter((s) => !(s.unitId === v.unitId && s.date === date && s.shift === v.shift));
        onSave([...rest, { unitId: v.unitId, unitName: '', date, shift: v.shift, staff: v.staff }]);
        form.resetFields();
      }}
      style={{ marginTop: 12, rowGap: 8 }}
    >
      <Form.Item name="unitId" rules={[{ required: true }]}>
        <UnitSelect date={e.startsAt.slice(0, 10)} testId="staffing-unit" style={{ width: 280 }} />
      </Form.Item>
      <Form.Item name="date" rules={[{ required: true }]}>
        <DatePicker format="DD/MM/YYYY" placeholder={t('events.date')} data-testid="staffing-date" />
      </Form.Item>
      <Form.Item name="shift" rules={[{ required: true }]}>
        <Select
          placeholder={t('events.shift')}
          style={{ width: 170 }}
          options={SHIFTS.map((s) => ({ value: s, label: label(SHIFT_LABELS[s]) }))}
          data-testid="staffing-shift"
        />
      </Form.Item>
      <Form.Item name="staff" rules={[{ required: true }]}>
        <InputNumber min={0} max={10000} placeholder={t('events.field.staff')} data-testid="staffing-staff" />
      </Form.Item>
      <Button htmlType="submit" loading={saving} data-testid="staffing-add">
        {t('events.addLine')}
      </Button>
    </Form>
  );
}

function LogSection({ e }: { e: TEvent }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { can } = useAuth();
  const m = useEventMutations(e.id);
  const [form] = Form.useForm<{
    text: string;
    place?: string;
    createIncident: boolean;
    kind?: 'crime_report' | 'traffic_accident' | 'fire';
    title?: string;
  }>();
  const createIncident = Form.useWatch('createIncident', form);
  const open = (['approved', 'active'] as EventStatus[]).includes(e.status) && can('events.write');
  return (
    <Card title={t('events.section.log')} size="small" data-testid="event-log">
      {open && (
        <Form
          form={form}
          layout="vertical"
          className="no-print"
          initialValues={{ createIncident: false, kind: 'traffic_accident' }}
          onFinish={(v) =>
            m.log.mutate(
              {
                text: v.text,
                place: v.place ?? '',
                ...(v.createIncident && v.title
                  ? { createIncident: { kind: v.kind ?? 'traffic_accident', title: v.title } }
                  : {}),
              },
              { onSuccess: () => form.resetFields() },
            )
          }
        >
          <Row gutter={12}>
            <Col xs={24} md={14}>
              <Form.Item name="text" label={t('events.logText')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} data-testid="log-text" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="place" label={t('events.logPlace')}>
                <Input data-testid="log-place" />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap align="start">
            <Form.Item name="createIncident" valuePropName="checked">
              <Checkbox data-testid="log-create-incident">{t('events.logCreateIncident')}</Checkbox>
            </Form.Item>
            {createIncident && (
              <>
                <Form.Item name="kind">
                  <Select
                    style={{ width: 200 }}
                    options={(['traffic_accident', 'crime_report', 'fire'] as const).map((k) => ({
                      value: k,
                      label: t(`events.incidentKinds.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="title" rules={[{ required: true, whitespace: true }]}>
                  <Input
                    placeholder={t('events.logIncidentTitle')}
                    style={{ width: 300 }}
                    data-testid="log-incident-title"
                  />
                </Form.Item>
              </>
            )}
            <Button type="primary" htmlType="submit" loading={m.log.isPending} data-testid="log-submit">
              {t('events.logWrite')}
            </Button>
          </Space>
          {m.log.isError && <Alert type="error" showIcon title={errorText(m.log.error)} style={{ marginBottom: 8 }} />}
        </Form>
      )}
      {e.log.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          style={{ marginTop: 12 }}
          items={e.log.map((l) => ({
            key: l.id,
            color: l.incidentId ? 'red' : 'blue',
            content: (
              <div data-testid="log-entry">
                <Typography.Text strong>{formatDateTime(l.at)}</Typography.Text> — {l.text}
                {l.place && <Typography.Text type="secondary"> · {l.place}</Typography.Text>}
                <Typography.Text type="secondary"> ({l.actorName})</Typography.Text>
                {l.incidentId && (
                  <>
                    {' '}
                    <Link to={`/incidents/${l.incidentId}`}>
                      <Tag color="red">{t('events.section.incidents')}</Tag>
                    </Link>
                  </>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function ActionsSection({ e }: { e: TEvent }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { can } = useAuth();
  const m = useEventMutations(e.id);
  const [form] = Form.useForm<{ title: string; ownerUnitId: string; dueOn: Dayjs }>();
  const open = (['active', 'closed'] as EventStatus[]).includes(e.status) && can('events.write');
  return (
    <Card title={t('events.section.actions')} size="small" data-testid="event-actions">
      <List
        dataSource={e.actions}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        renderItem={(a) => (
          <List.Item
            actions={
              open
                ? [
                    <Button
                      key="toggle"
                      size="small"
                      className="no-print"
                      onClick={() =>
                        m.updateAction.mutate({ actionId: a.id, status: a.status === 'open' ? 'done' : 'open' })
                      }
                    >
                      {a.status === 'open' ? t('events.actionDone') : t('events.actionOpen')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space wrap>
              <Typography.Text delete={a.status === 'done'}>{a.title}</Typography.Text>
              <Typography.Text type="secondary">
                {a.ownerUnitName} · {t('events.actionDue')} {formatDate(a.dueOn)}
              </Typography.Text>
              {a.status === 'done' ? (
                <Tag color="green">{t('events.actionDone')}</Tag>
              ) : a.overdue ? (
                <Tag color="red">{t('events.overdue')}</Tag>
              ) : (
                <Tag>{t('events.actionOpen')}</Tag>
              )}
            </Space>
          </List.Item>
        )}
      />
      {open && (
        <Form
          form={form}
          layout="inline"
          className="no-print"
          style={{ marginTop: 8, rowGap: 8 }}
          onFinish={(v) =>
            m.addAction.mutate(
              { title: v.title, ownerUnitId: v.ownerUnitId, dueOn: v.dueOn.format('YYYY-MM-DD') },
              { onSuccess: () => form.resetFields() },
            )
          }
        >
          <Form.Item name="title" rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t('events.actionTitle')} style={{ width: 280 }} data-testid="action-title" />
          </Form.Item>
          <Form.Item name="ownerUnitId" rules={[{ required: true }]}>
            <UnitSelect date={todayIso()} style={{ width: 260 }} testId="action-owner" />
          </Form.Item>
          <Form.Item name="dueOn" rules={[{ required: true }]}>
            <DatePicker format="DD/MM/YYYY" placeholder={t('events.actionDue')} data-testid="action-due" />
          </Form.Item>
          <Button htmlType="submit" loading={m.addAction.isPending} data-testid="action-add">
            {t('events.addLine')}
          </Button>
        </Form>
      )}
      {(m.addAction.isError || m.updateAction.isError) && (
        <Alert type="error" showIcon title={errorText(m.addAction.error ?? m.updateAction.error)} />
      )}
    </Card>
  );
}

/** /events/:id — the plan, staffing, posts on the map, conflicts, the day-of log, outcome and after-action items. */
export function EventDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const q = useEvent(id);
  const m = useEventMutations(id);
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [closeOpen, setCloseOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<'safe' | 'incidents'>('safe');
  const [note, setNote] = useState('');
  const [cloneStart, setCloneStart] = useState<Dayjs | null>(null);
  const e = q.data;
  const markers = useMemo(
    () => [
      ...(e?.point ? [{ id: 'venue', lon: e.point.lon, lat: e.point.lat, colour: '#cf1322', text: e.venueName }] : []),
      ...(e?.posts ?? []).flatMap((p) =>
        p.point
          ? [
              {
                id: p.id,
                lon: p.point.lon,
                lat: p.point.lat,
                colour: '#1677ff',
                text: `${p.name}${p.unitName ? ` — ${p.unitName}` : ''} (${p.staff})`,
              },
            ]
          : [],
      ),
    ],
    [e],
  );
  if (q.isPending) return <Spin />;
  if (q.isError || !e) return <Alert type="error" showIcon title={errorText(q.error)} />;
  const lang = currentLanguage();
  const editable = e.status === 'draft' || e.status === 'planned';
  const move = (to: EventStatus) => {
    if (to === 'approved' && e.conflicts.length) return setOverrideOpen(true);
    if (to === 'closed') return setCloseOpen(true);
    m.status.mutate({ version: e.version, to });
  };
  const mutationError = m.status.error ?? m.update.error ?? m.clone.error ?? m.link.error;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="event-detail">
      <style>{PRINT_CSS}</style>
      <div className="print-only">
        <Typography.Text strong>{t('events.printHeader')}</Typography.Text>
      </div>
      <Flex justify="space-between" align="start" wrap gap={8}>
        <Space orientation="vertical" size={4}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="event-name">
            {e.name}
          </Typography.Title>
          <Space wrap>
            <StatusTag status={e.status} />
            <LevelTag level={e.level} />
            <Tag>
              <TypeText type={e.type} />
            </Tag>
            {e.outcome && (
              <Tag color={e.outcome === 'safe' ? 'green' : 'red'} data-testid="event-outcome">
                {e.outcome === 'safe' ? t('events.outcomeSafe') : t('events.outcomeIncidents')}
              </Tag>
            )}
          </Space>
        </Space>
        <Space wrap className="no-print">
          {e.allowed.map((to) => (
            <Button
              key={to}
              type={to === 'approved' || to === 'active' || to === 'planned' ? 'primary' : 'default'}
              danger={to === 'cancelled'}
              loading={m.status.isPending}
              onClick={() => move(to)}
              data-testid={`move-${to}`}
            >
              {t(`events.move.${to}`)}
            </Button>
          ))}
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="event-print">
            {t('events.print')}
          </Button>
          <Popover
            trigger="click"
            content={
              <Space>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format={DATE_TIME_DISPLAY}
                  value={cloneStart}
                  onChange={setCloneStart}
                  placeholder={t('events.cloneStart')}
                />
                <Button
                  type="primary"
                  disabled={!cloneStart}
                  loading={m.clone.isPending}
                  onClick={() =>
                    cloneStart &&
                    m.clone.mutate(
                      { startsAt: pickerToInstant(cloneStart) },
                      { onSuccess: (c) => navigate(`/events/${c.id}`) },
                    )
                  }
                >
                  OK
                </Button>
              </Space>
            }
          >
            <Button icon={<CopyOutlined />}>{t('events.clone')}</Button>
          </Popover>
        </Space>
      </Flex>
      {mutationError && <Alert type="error" showIcon title={errorText(mutationError)} data-testid="event-error" />}
      {e.conflicts.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="event-conflicts"
          title={t('events.conflictsFound', { count: e.conflicts.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {e.conflicts.map((c, i) => (
                <li key={i}>{label(c)}</li>
              ))}
            </ul>
          }
        />
      ) : (
        ['draft', 'planned'].includes(e.status) && (
          <Alert type="success" showIcon title={t('events.noConflicts')} data-testid="event-no-conflicts" />
        )
      )}
      {e.overrideReason && (
        <Alert
          type="info"
          showIcon
          title={t('events.overridden', { reason: e.overrideReason })}
          data-testid="event-override"
        />
      )}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('events.field.time')}>
            {formatDateTime(e.startsAt)} – {formatDateTime(e.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('events.field.venue')}>
            {e.venueName} ({e.areaFullName})
          </Descriptions.Item>
          <Descriptions.Item label={t('events.field.leadUnit')}>{e.leadUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('events.field.attendance')}>
            {formatNumber(e.expectedAttendance, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('events.field.organiser')}>{e.organiser}</Descriptions.Item>
          <Descriptions.Item label={t('events.field.staff')}>{formatNumber(e.staffTotal, lang)}</Descriptions.Item>
          {e.riskNotes ? (
            <Descriptions.Item label={t('events.field.riskNotes')} span={2}>
              {e.riskNotes}
            </Descriptions.Item>
          ) : null}
          {e.outcomeNote ? (
            <Descriptions.Item label={t('events.note')} span={2}>
              {e.outcomeNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('events.section.objectives')} size="small">
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="event-objectives">
              {e.objectives.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('events.section.tasks')} size="small">
            <Space orientation="vertical" data-testid="event-tasks">
              {e.tasks.map((task, i) => (
                <Checkbox
                  key={task.id}
                  checked={task.done}
                  disabled={!editable}
                  onChange={(ev) =>
                    m.update.mutate({
                      version: e.version,
                      tasks: e.tasks.map((x, j) => ({ title: x.title, done: j === i ? ev.target.checked : x.done })),
                    })
                  }
                >
                  {task.title}
                </Checkbox>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <Card title={t('events.section.staffing')} size="small">
        {e.staffing.length ? <StaffingTable e={e} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        {editable && (
          <AddStaffing
            e={e}
            saving={m.update.isPending}
            onSave={(lines) =>
              m.update.mutate({
                version: e.version,
                staffing: lines.map((s) => ({ unitId: s.unitId, date: s.date, shift: s.shift, staff: s.staff })),
              })
            }
          />
        )}
      </Card>
      <Card title={t('events.section.posts')} size="small">
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <List
              size="small"
              dataSource={e.posts}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              renderItem={(p) => (
                <List.Item>
                  {p.name}
                  <Typography.Text type="secondary">
                    {p.unitName ? ` — ${p.unitName}` : ''} ({formatNumber(p.staff, lang)})
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Col>
          <Col xs={24} lg={14}>
            <PointsMap markers={markers} height={320} fit="markers" testId="posts-map" />
          </Col>
        </Row>
      </Card>
      <LogSection e={e} />
      <Card title={t('events.section.incidents')} size="small">
        <List
          dataSource={e.incidents}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          renderItem={(i) => (
            <List.Item>
              <Link to={`/incidents/${i.id}`}>{i.refNo}</Link> — {i.title} ({formatDateTime(i.occurredAt)})
            </List.Item>
          )}
        />
        {(e.status === 'active' || e.status === 'closed') && (
          <Input.Search
            className="no-print"
            placeholder={t('events.linkIncident')}
            enterButton={t('events.addLine')}
            onSearch={(v) => v.trim() && m.link.mutate(v.trim())}
            style={{ maxWidth: 480 }}
          />
        )}
      </Card>
      <ActionsSection e={e} />

      <Modal
        open={overrideOpen}
        title={t('events.override')}
        onCancel={() => setOverrideOpen(false)}
        okText={t('events.move.approved')}
        okButtonProps={{ disabled: !reason.trim(), id: 'override-ok' }}
        confirmLoading={m.status.isPending}
        onOk={() =>
          m.status.mutate(
            { version: e.version, to: 'approved', overrideReason: reason.trim() },
            {
              onSuccess: () => {
                setOverrideOpen(false);
                setReason('');
              },
            },
          )
        }
      >
        <ul>
          {e.conflicts.map((c, i) => (
            <li key={i}>{label(c)}</li>
          ))}
        </ul>
        {!e.canOverride && (
          <Alert type="warning" showIcon title={t('events.overrideNeedsCommander')} style={{ marginBottom: 8 }} />
        )}
        <Typography.Text>{t('events.overrideReason')}</Typography.Text>
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(ev) => setReason(ev.target.value)}
          data-testid="override-reason"
        />
        {m.status.isError && <Alert type="error" showIcon title={errorText(m.status.error)} style={{ marginTop: 8 }} />}
      </Modal>
      <Modal
        open={closeOpen}
        title={t('events.closeTitle')}
        onCancel={() => setCloseOpen(false)}
        okButtonProps={{ id: 'close-ok' }}
        confirmLoading={m.status.isPending}
        onOk={() =>
          m.status.mutate(
            { version: e.version, to: 'closed', outcome, note: note.trim() || undefined },
            { onSuccess: () => setCloseOpen(false) },
          )
        }
      >
        <Radio.Group
          value={outcome}
          onChange={(ev) => setOutcome(ev.target.value as 'safe' | 'incidents')}
          data-testid="close-outcome"
        >
          <Radio value="safe">{t('events.outcomeSafe')}</Radio>
          <Radio value="incidents">{t('events.outcomeIncidents')}</Radio>
        </Radio.Group>
        <Input.TextArea
          rows={2}
          placeholder={t('events.note')}
          value={note}
          onChange={(ev) => setNote(ev.target.value)}
          style={{ marginTop: 12 }}
        />
        {m.status.isError && <Alert type="error" showIcon title={errorText(m.status.error)} style={{ marginTop: 8 }} />}
      </Modal>
    </Space>
  );
}
