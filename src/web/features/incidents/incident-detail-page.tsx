import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { CLASSIFICATION_LABELS, REPORT_SOURCE_LABELS, statusLabel, type IncidentKind } from '../../../domain/incidents/kinds';
import { TRAFFIC_SEVERITY_LABELS, type TrafficSeverity } from '../../../domain/incidents/traffic-severity';
import { GROUP_LABELS, type StatisticalGroup } from '../../../domain/law/penal-code';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { formatDateTime, formatDay, formatNumber } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { AreaMap } from '../areas/area-map';
import { useIncident, useIncidentHistory, type TIncident, type TIncidentVersion } from './api';
import { ClearAction, ClockActions } from './clock-actions';
import { IncidentEditDrawer } from './incident-edit-drawer';
import { DaysLeft, formatVnd, KindTag, severityLabel, StatusTag, useLabel } from './labels';

/** /incidents/:id — the record, its legal clock, its steps, its history. */
export function IncidentDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const incident = useIncident(id);

  if (incident.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (incident.isError) {
    return (
      <Result
        status={isApiError(incident.error, 'NOT_FOUND') ? '404' : 'error'}
        title={isApiError(incident.error, 'NOT_FOUND') ? t('incidents.notFound') : errorText(incident.error)}
        extra={<Link to="/incidents">{t('incidents.backToList')}</Link>}
      />
    );
  }
  return <IncidentView incident={incident.data} />;
}

function IncidentView({ incident: inc }: { incident: TIncident }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { can } = useAuth();
  const canWrite = can('incidents.write');
  const [editing, setEditing] = useState(false);

  return (
    <div data-testid="page-incident" data-id={inc.id} data-kind={inc.kind} data-version={inc.version}>
      <Flex justify="space-between" align="flex-start" wrap gap={8} style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            <span data-testid="incident-ref">{inc.refNo}</span> — <span data-testid="incident-title">{inc.title}</span>
          </Typography.Title>
          <Space wrap style={{ marginTop: 6 }} data-testid="incident-header">
            <KindTag kind={inc.kind} />
            <StatusTag status={inc.status} label={inc.statusLabel} />
            <Tag color={inc.classification === 'mat' ? 'red' : 'default'}>{label(CLASSIFICATION_LABELS[inc.classification])}</Tag>
            {inc.kind === 'criminal_case' && (
              <Tag color={inc.cleared ? 'green' : 'default'} data-testid="incident-cleared" data-cleared={inc.cleared ? 'true' : 'false'}>
                {inc.cleared ? t('incidents.clearedOn', { date: formatDay(inc.clearedOn) }) : t('incidents.notCleared')}
              </Tag>
            )}
          </Space>
        </div>
        <Space wrap>
          <Link to="/incidents">{t('incidents.backToList')}</Link>
          {canWrite && inc.kind === 'criminal_case' && <ClearAction incident={inc} />}
          {canWrite && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="incident-edit">
              {t('incidents.edit')}
            </Button>
          )}
        </Space>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          {inc.kind === 'crime_report' && <DeadlineCard incident={inc} canWrite={canWrite} />}
          <Card title={t('incidents.details')} size="small" style={{ marginBottom: 16 }}>
            <Details incident={inc} />
          </Card>
          {inc.point && (
            <Card title={t('incidents.map')} size="small" style={{ marginBottom: 16 }}>
              <AreaMap
                date={inc.occurredOn}
                selected={inc.areaCode}
                point={inc.point}
                centerOnPoint
                height={280}
                showCount={false}
                testId="incident-detail-map"
              />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('incidents.history')} size="small">
            <History id={inc.id} kind={inc.kind} />
          </Card>
        </Col>
      </Row>
      {editing && <IncidentEditDrawer incident={inc} onClose={() => setEditing(false)} />}
    </div>
  );
}

function DeadlineCard({ incident: inc, canWrite }: { incident: TIncident; canWrite: boolean }) {
  const { t } = useTranslation();
  const d = inc.deadlines;
  if (!d) return null;
  return (
    <Card
      title={t('incidents.deadlines.title')}
      size="small"
      style={{ marginBottom: 16, borderColor: d.overdue ? '#ff4d4f' : undefined }}
      data-testid="incident-deadlines"
    >
      {d.resolutionDue ? (
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('incidents.deadlines.resolutionDue')}>
            <Typography.Text strong data-testid="incident-resolution-due">
              {formatDay(d.resolutionDue)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('incidents.deadlines.daysLeft')}>
            <DaysLeft daysLeft={d.daysLeft} overdue={d.overdue} strong />
          </Descriptions.Item>
          {d.extensionRequestDue && (
            <Descriptions.Item label={t('incidents.deadlines.extensionRequestDue')}>
              <span data-testid="incident-extension-request-due">{formatDay(d.extensionRequestDue)}</span>
            </Descriptions.Item>
          )}
          {d.absoluteLimit && (
            <Descriptions.Item label={t('incidents.deadlines.absoluteLimit')}>
              <span data-testid="incident-absolute-limit">{formatDay(d.absoluteLimit)}</span>
            </Descriptions.Item>
          )}
          {d.transferDue && (
            <Descriptions.Item label={t('incidents.deadlines.transferDue')}>
              <span data-testid="incident-transfer-due">{formatDateTime(d.transferDue)}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary">{t('incidents.deadlines.noneRunning')}</Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }} data-testid="incident-counting">
        {d.receiptDayCounts ? t('incidents.deadlines.countingYes') : t('incidents.deadlines.countingNo')}. {t('incidents.deadlines.rule')}
      </Typography.Paragraph>
      {canWrite && <ClockActions incident={inc} />}
      {inc.caseIds.length > 0 && (
        <div style={{ marginTop: 12 }} data-testid="incident-linked-cases">
          <Typography.Text strong>{t('incidents.linkedCases')}: </Typography.Text>
          {inc.caseIds.map((id, i) => (
            <Link key={id} to={`/incidents/${id}`} data-testid="incident-linked-case" style={{ marginRight: 8 }}>
              {inc.caseIds.length > 1 ? `#${i + 1}` : t('incidents.steps.open_case')} →
            </Link>
          ))}
        </div>
      )}
    </Card>
  );
}

function Details({ incident: inc }: { incident: TIncident }) {
  const { t } = useTranslation();
  const label = useLabel();
  const lang = currentLanguage();
  const num = (v: number | null) => (v === null ? null : formatNumber(v, lang));
  const items: { key: string; label: string; children: ReactNode }[] = [];
  const add = (key: string, l: string, children: ReactNode) => {
    if (children !== null && children !== undefined && children !== '') items.push({ key, label: l, children });
  };
  add('occurredAt', t('incidents.occurredAt'), <span data-testid="incident-occurred-at">{formatDateTime(inc.occurredAt)}</span>);
  add('receivedAt', t('incidents.receivedAt'), <span data-testid="incident-received-at">{formatDateTime(inc.receivedAt)}</span>);
  add('area', t('incidents.area'), <span data-testid="incident-area">{inc.areaFullName}</span>);
  add('address', t('incidents.address'), inc.address);
  add('unit', t('incidents.unit'), <span data-testid="incident-unit">{inc.unitName}</span>);
  if (inc.reportSource) add('reportSource', t('incidents.reportSource'), label(REPORT_SOURCE_LABELS[inc.reportSource]));
  if (inc.article) {
    add(
      'article',
      t('incidents.legalBasis'),
      <span data-testid="incident-article">
        {t('incidents.articleLabel', { article: inc.article, title: inc.articleTitle ?? '' })}
        {inc.clause !== null && ` — ${t('incidents.clauseSeverity', { clause: inc.clause, severity: label(severityLabel(inc.severity)) })}`}
      </span>,
    );
  }
  if (inc.severity && inc.kind !== 'traffic_accident')
    add('severity', t('incidents.severity'), <span data-testid="incident-severity">{label(severityLabel(inc.severity))}</span>);
  if (inc.statGroup) add('statGroup', t('incidents.statGroup'), label(GROUP_LABELS[inc.statGroup as StatisticalGroup]) || inc.statGroup);
  if (inc.reportId)
    add(
      'report',
      t('incidents.linkedReport'),
      <Link to={`/incidents/${inc.reportId}`} data-testid="incident-report-link">
        {t('incidents.linkedReport')} →
      </Link>,
    );
  if (inc.kind === 'criminal_case')
    add('cleared', t('incidents.clearedState'), inc.cleared ? t('incidents.clearedOn', { date: formatDay(inc.clearedOn) }) : t('incidents.notCleared'));
  add('suspects', t('incidents.suspects'), num(inc.suspects));
  add('victims', t('incidents.victims'), num(inc.victims));
  add('reporterName', t('incidents.reporterName'), inc.reporterName);
  add('reporterContact', t('incidents.reporterContact'), inc.reporterContact);
  add('deaths', t('incidents.deaths'), num(inc.deaths));
  add('injuries', t('incidents.injuries'), num(inc.injuries));
  if (inc.damageVnd !== null) add('damage', t('incidents.damageVnd'), formatVnd(inc.damageVnd));
  add('vehicles', t('incidents.vehicles'), num(inc.vehicles));
  if (inc.trafficSeverity) add('trafficSeverity', t('incidents.trafficSeverity'), label(TRAFFIC_SEVERITY_LABELS[inc.trafficSeverity as TrafficSeverity]) || inc.trafficSeverity);
  add('premisesType', t('incidents.premisesType'), inc.premisesType);
  add('cause', t('incidents.cause'), inc.cause);
  if (inc.urban !== null) add('urban', t('incidents.urban'), t(`incidents.urbanOptions.${inc.urban ? 'urban' : 'rural'}`));
  add('rescued', t('incidents.rescued'), num(inc.rescued));
  add('channel', t('incidents.channel'), inc.channel);
  if (inc.amountLostVnd !== null) add('amountLost', t('incidents.amountLostVnd'), formatVnd(inc.amountLostVnd));
  if (inc.identifiers.length > 0)
    add(
      'identifiers',
      t('incidents.identifiers'),
      <Space wrap>
        {inc.identifiers.map((i) => (
          <Tag key={`${i.kind}:${i.value}`}>{i.display}</Tag>
        ))}
      </Space>,
    );
  return (
    <>
      <Descriptions column={{ xs: 1, md: 2 }} size="small" items={items} data-testid="incident-details" />
      <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
        {t('incidents.narrative')}
      </Typography.Text>
      {inc.narrative === null ? (
        <Typography.Text type="secondary" italic>
          {t('incidents.narrativeHidden')}
        </Typography.Text>
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-narrative">
          {inc.narrative || '—'}
        </Typography.Paragraph>
      )}
    </>
  );
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function formatValue(v: unknown, lang: 'vi' | 'en'): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') return formatNumber(v, lang);
  if (typeof v === 'boolean') return v ? (lang === 'en' ? 'yes' : 'có') : lang === 'en' ? 'no' : 'không';
  if (typeof v === 'string') {
    if (INSTANT.test(v)) return formatDateTime(v);
    if (DAY.test(v)) return formatDay(v);
    return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  }
  return JSON.stringify(v);
}

function actionLabel(action: string, t: ReturnType<typeof useTranslation>['t']): string {
  if (action.startsWith('clock.')) {
    const step = action.slice(6);
    const steps = ['start_verification', 'extend', 'open_case', 'no_case', 'transfer', 'suspend', 'reopen'] as const;
    const s = steps.find((x) => x === step);
    return s ? t(`incidents.steps.${s}`) : action;
  }
  const actions = ['created', 'updated', 'cleared', 'uncleared', 'imported'] as const;
  const a = actions.find((x) => x === action);
  return a ? t(`incidents.actions.${a}`) : action;
}

const FIELD_KEYS = {
  status: 'incidents.status',
  title: 'incidents.titleField',
  occurredAt: 'incidents.occurredAt',
  receivedAt: 'incidents.receivedAt',
  areaCode: 'incidents.area',
  address: 'incidents.address',
  point: 'incidents.point',
  unitId: 'incidents.unit',
  classification: 'incidents.classification',
  narrative: 'incidents.narrative',
  article: 'incidents.article',
  clause: 'incidents.clause',
  suspects: 'incidents.suspects',
  victims: 'incidents.victims',
  reporterName: 'incidents.reporterName',
  reporterContact: 'incidents.reporterContact',
  deaths: 'incidents.deaths',
  injuries: 'incidents.injuries',
  damageVnd: 'incidents.damageVnd',
  vehicles: 'incidents.vehicles',
  premisesType: 'incidents.premisesType',
  cause: 'incidents.cause',
  rescued: 'incidents.rescued',
  channel: 'incidents.channel',
  amountLostVnd: 'incidents.amountLostVnd',
  cleared: 'incidents.clearedState',
  clearedOn: 'incidents.clearDate',
} as const;
type FieldKey = (typeof FIELD_KEYS)[keyof typeof FIELD_KEYS];

function History({ id, kind }: { id: string; kind: IncidentKind }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const history = useIncidentHistory(id);
  const lang = currentLanguage();
  const fieldLabel = (field: string) => {
    const key = (FIELD_KEYS as Record<string, FieldKey | undefined>)[field];
    return key ? t(key) : field;
  };
  const value = (field: string, v: unknown) => {
    if (field === 'status' && typeof v === 'string') return label(statusLabel(kind, v)) || v;
    if (field === 'classification' && (v === 'thuong' || v === 'mat')) return label(CLASSIFICATION_LABELS[v]);
    return formatValue(v, lang);
  };
  if (history.isPending) return <Spin />;
  if (history.isError) return <Alert type="error" showIcon title={errorText(history.error)} />;
  if (history.data.items.length === 0) return <Empty description={t('incidents.historyEmpty')} />;
  const item = (v: TIncidentVersion) => {
    const changes = Object.entries(v.changes);
    return {
      key: v.version,
      color: v.action === 'created' ? 'green' : v.action.startsWith('clock.') ? 'blue' : 'gray',
      content: (
        <div data-testid="incident-history-item" data-action={v.action}>
          <Typography.Text strong>{actionLabel(v.action, t)}</Typography.Text>{' '}
          <Typography.Text type="secondary">
            {t('incidents.historyBy', { who: v.actorName, when: formatDateTime(v.at) })} · v{v.version}
          </Typography.Text>
          {changes.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 18, fontSize: 12 }}>
              {changes.slice(0, 12).map(([field, c]) => (
                <li key={field}>
                  {fieldLabel(field)}: {value(field, c.from)} → {value(field, c.to)}
                </li>
              ))}
            </ul>
          )}
        </div>
      ),
    };
  };
  return <Timeline items={history.data.items.map(item)} data-testid="incident-history" />;
}
