import { useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TUpdateIncident } from '../../../contracts/incidents';
import { CLASSIFICATION_LABELS } from '../../../domain/incidents/kinds';
import { isApiError } from '../../app/api';
import { currentLanguage } from '../../app/i18n';
import { useIncidentMutations, type TIncident } from './api';
import { useWriteErrorText } from './clock-actions';
import { applyServerErrors } from './form-errors';
import { AmountInput, CountInput } from './inputs';
import { DATE_TIME_DISPLAY, instantToPicker, pickerToInstant, useLabel } from './labels';
import { ArticleClauseFields, AreaSelect, UnitSelect } from './pickers';

interface Values {
  occurredAt: Dayjs;
  receivedAt: Dayjs;
  areaCode: string;
  address: string;
  unitId: string;
  classification: 'thuong' | 'mat';
  title: string;
  narrative?: string;
  article?: string;
  clause?: number;
  suspects?: number | null;
  victims?: number | null;
  reporterName?: string;
  reporterContact?: string;
  deaths?: number;
  injuries?: number;
  damageVnd?: number;
  vehicles?: number;
  premisesType?: string;
  cause?: string;
  rescued?: number;
  channel?: string;
  amountLostVnd?: number;
}

const FIELD_NAMES = [
  'occurredAt',
  'receivedAt',
  'areaCode',
  'address',
  'unitId',
  'classification',
  'title',
  'narrative',
  'article',
  'clause',
  'suspects',
  'victims',
  'reporterName',
  'reporterContact',
  'deaths',
  'injuries',
  'damageVnd',
  'vehicles',
  'premisesType',
  'cause',
  'rescued',
  'channel',
  'amountLostVnd',
];

function initialValues(inc: TIncident): Values {
  const v = <T,>(x: T | null): T | undefined => (x === null ? undefined : x);
  return {
    occurredAt: instantToPicker(inc.occurredAt),
    receivedAt: instantToPicker(inc.receivedAt),
    areaCode: inc.areaCode,
    address: inc.address,
    unitId: inc.unitId,
    classification: inc.classification,
    title: inc.title,
    narrative: v(inc.narrative),
    article: v(inc.article),
    clause: v(inc.clause),
    suspects: inc.suspects,
    victims: inc.victims,
    reporterName: v(inc.reporterName),
    reporterContact: v(inc.reporterContact),
    deaths: v(inc.deaths),
    injuries: v(inc.injuries),
    damageVnd: v(inc.damageVnd),
    vehicles: v(inc.vehicles),
    premisesType: v(inc.premisesType),
    cause: v(inc.cause),
    rescued: v(inc.rescued),
    channel: v(inc.channel),
    amountLostVnd: v(inc.amountLostVnd),
  };
}

/** Only what changed, with the version read (the server answers 409 when someone else saved first). */
function changes(inc: TIncident, v: Values): TUpdateIncident {
  const body: Record<string, unknown> = { version: inc.version };
  const before = initialValues(inc) as unknown as Record<string, unknown>;
  for (const [k, value] of Object.entries(v)) {
    if (k === 'occurredAt' || k === 'receivedAt') {
      const iso = pickerToInstant(value as Dayjs);
      if (new Date(iso).getTime() !== new Date(inc[k]).getTime()) body[k] = iso;
      continue;
    }
    const norm = typeof value === 'string' ? value.trim() : value;
    if (norm === undefined || norm === null) continue;
    if (norm !== before[k]) body[k] = norm;
  }
  return body as TUpdateIncident;
}

export function IncidentEditDrawer({ incident, onClose }: { incident: TIncident; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const writeError = useWriteErrorText();
  const { update } = useIncidentMutations(incident.id);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const occurredAt = Form.useWatch('occurredAt', form);
  const date = occurredAt?.isValid() ? occurredAt.format('YYYY-MM-DD') : incident.occurredOn;
  const kind = incident.kind;
  const required = { required: true, message: t('incidents.required') };

  const submit = async (v: Values) => {
    setError(null);
    try {
      await update.mutateAsync(changes(incident, v));
      void message.success(t('incidents.saved'));
      onClose();
    } catch (err) {
      const unmatched = applyServerErrors(form, err, FIELD_NAMES, currentLanguage());
      if (unmatched === null || unmatched.length > 0) {
        setError({ text: [writeError(err), ...(unmatched ?? [])].join(' — '), conflict: isApiError(err, 'CONFLICT') });
      }
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('incidents.editTitle', { refNo: incident.refNo })}
      size={640}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()} data-testid="incident-edit-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
      data-testid="incident-edit-drawer"
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.text}
          style={{ marginBottom: 12 }}
          action={
            error.conflict ? (
              <Button size="small" onClick={() => window.location.reload()}>
                {t('incidents.reload')}
              </Button>
            ) : undefined
          }
          data-testid="incident-edit-error"
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues(incident)} onFinish={(v) => void submit(v)}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="occurredAt" label={t('incidents.occurredAt')} rules={[required]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_DISPLAY} allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="receivedAt" label={t('incidents.receivedAt')} rules={[required]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_DISPLAY} allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('incidents.titleField')} rules={[{ ...required, whitespace: true }, { max: 200 }]}>
          <Input maxLength={200} data-testid="incident-edit-title" />
        </Form.Item>
        <Form.Item name="areaCode" label={t('incidents.area')} rules={[required]}>
          <AreaSelect date={date} />
        </Form.Item>
        <Form.Item name="address" label={t('incidents.address')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="unitId" label={t('incidents.unit')} rules={[required]}>
          <UnitSelect date={date} />
        </Form.Item>
        <Form.Item name="classification" label={t('incidents.classification')}>
          <Radio.Group options={(['thuong', 'mat'] as const).map((c) => ({ value: c, label: label(CLASSIFICATION_LABELS[c]) }))} />
        </Form.Item>
        {(kind === 'crime_report' || kind === 'criminal_case') && (
          <>
            <ArticleClauseFields
              date={date}
              required={kind === 'criminal_case'}
              label={kind === 'criminal_case' ? t('incidents.articleClause') : t('incidents.articleOptional')}
            />
            <Row gutter={12}>
              <Col xs={12}>
                <Form.Item name="suspects" label={t('incidents.suspects')}>
                  <CountInput max={1000} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="victims" label={t('incidents.victims')}>
                  <CountInput max={100_000} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        {kind === 'crime_report' && incident.narrative !== null && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="reporterName" label={t('incidents.reporterName')} rules={[{ max: 200 }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="reporterContact" label={t('incidents.reporterContact')} rules={[{ max: 200 }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {(kind === 'traffic_accident' || kind === 'fire') && (
          <Row gutter={12}>
            <Col xs={8}>
              <Form.Item name="deaths" label={t('incidents.deaths')}>
                <CountInput max={1000} />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name="injuries" label={t('incidents.injuries')}>
                <CountInput max={10_000} />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name={kind === 'fire' ? 'rescued' : 'vehicles'} label={kind === 'fire' ? t('incidents.rescued') : t('incidents.vehicles')}>
                <CountInput max={10_000} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="damageVnd" label={t('incidents.damageVnd')}>
                <AmountInput max={1e15} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'fire' && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="premisesType" label={t('incidents.premisesType')} rules={[{ max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="cause" label={t('incidents.cause')} rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'online_fraud' && (
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="channel" label={t('incidents.channel')} rules={[{ max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="amountLostVnd" label={t('incidents.amountLostVnd')}>
                <AmountInput max={1e15} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {incident.narrative !== null && (
          <Form.Item name="narrative" label={t('incidents.narrative')} rules={[{ max: 20_000 }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
