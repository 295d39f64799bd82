import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { TArea } from '../../../contracts/areas';
import { CLASSIFICATION_LABELS, INCIDENT_KIND_LABELS, INCIDENT_KINDS, REPORT_SOURCE_LABELS, type IncidentKind } from '../../../domain/incidents/kinds';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../domain/incidents/scam-identifiers';
import { useUser } from '../../app/auth';
import { todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import type { MapPoint } from '../areas/area-map';
import { ISO } from '../areas/generation-picker';
import { useIncidentMutations, type TCreateIncidentBody } from './api';
import { applyServerErrors } from './form-errors';
import { AmountInput, CountInput } from './inputs';
import { DATE_TIME_DISPLAY, KIND_SHORT, nowPicker, pickerToInstant, useLabel } from './labels';
import { ArticleClauseFields, AreaSelect, UnitSelect } from './pickers';
import { PointPicker } from './point-picker';

const isKind = (v: string | null): v is IncidentKind => (INCIDENT_KINDS as readonly string[]).includes(v ?? '');

interface Values {
  occurredAt: Dayjs;
  receivedAt: Dayjs;
  areaCode?: string;
  point?: MapPoint | null;
  address?: string;
  unitId?: string;
  classification: 'thuong' | 'mat';
  title: string;
  narrative?: string;
  // crime report / criminal case
  reportSource?: 'to_giac' | 'tin_bao' | 'kien_nghi_khoi_to';
  receivedBy?: 'commune_police' | 'investigating_body';
  remoteArea?: boolean;
  article?: string;
  clause?: number;
  suspects?: number | null;
  victims?: number | null;
  reporterName?: string;
  reporterContact?: string;
  // traffic / fire
  deaths?: number;
  injuries?: number;
  damageVnd?: number;
  vehicles?: number;
  premisesType?: string;
  cause?: string;
  urban?: 'urban' | 'rural';
  rescued?: number;
  // online fraud
  channel?: string;
  amountLostVnd?: number;
  identifiers?: { kind: IdentifierKind; value: string }[];
}

const FIELD_NAMES = [
  'occurredAt',
  'receivedAt',
  'areaCode',
  'point',
  'address',
  'unitId',
  'classification',
  'title',
  'narrative',
  'reportSource',
  'receivedBy',
  'remoteArea',
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
  'urban',
  'rescued',
  'channel',
  'amountLostVnd',
  'identifiers',
] as const;

const opt = <T,>(v: T | null | undefined): T | undefined => (v === null || v === undefined || v === '' ? undefined : v);

/** The request body of the kind from the form's values. */
function toBody(kind: IncidentKind, v: Values): TCreateIncidentBody {
  const common = {
    occurredAt: pickerToInstant(v.occurredAt),
    receivedAt: pickerToInstant(v.receivedAt),
    areaCode: v.areaCode ?? '',
    point: v.point ?? null,
    address: v.address?.trim() ?? '',
    unitId: v.unitId ?? '',
    classification: v.classification,
    title: v.title.trim(),
    narrative: v.narrative ?? '',
  };
  switch (kind) {
    case 'crime_report':
      return {
        kind,
        ...common,
        reportSource: v.reportSource ?? 'to_giac',
        receivedBy: v.receivedBy ?? 'investigating_body',
        remoteArea: v.remoteArea ?? false,
        article: opt(v.article),
        clause: opt(v.clause),
        suspects: opt(v.suspects),
        victims: opt(v.victims),
        reporterName: opt(v.reporterName?.trim()),
        reporterContact: opt(v.reporterContact?.trim()),
      };
    case 'criminal_case':
      return { kind, ...common, article: v.article ?? '', clause: v.clause ?? 0, suspects: opt(v.suspects), victims: opt(v.victims) };
    case 'traffic_accident':
      return { kind, ...common, deaths: v.deaths ?? 0, injuries: v.injuries ?? 0, damageVnd: v.damageVnd ?? 0, vehicles: v.vehicles ?? 1 };
    case 'fire':
      return {
        kind,
        ...common,
        deaths: v.deaths ?? 0,
        injuries: v.injuries ?? 0,
        damageVnd: v.damageVnd ?? 0,
        premisesType: v.premisesType?.trim() ?? '',
        cause: v.cause?.trim() ?? '',
        urban: v.urban !== 'rural',
        rescued: v.rescued ?? 0,
      };
    case 'online_fraud':
      return {
        kind,
        ...common,
        channel: v.channel?.trim() ?? '',
        amountLostVnd: v.amountLostVnd ?? 0,
        identifiers: (v.identifiers ?? []).filter((i) => i.value?.trim()).map((i) => ({ kind: i.kind, value: i.value.trim() })),
      };
  }
}

/** /incidents/new?kind= — choose a kind, then the form of that kind. */
export function IncidentNewPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  return (
    <div data-testid="page-incident-new">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {isKind(kind) ? t('incidents.createKindTitle', { kind: label(INCIDENT_KIND_LABELS[kind]) }) : t('incidents.createTitle')}
        </Typography.Title>
        <Link to="/incidents">{t('incidents.backToList')}</Link>
      </Flex>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Text strong>{t('incidents.chooseKind')}:</Typography.Text>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={isKind(kind) ? kind : undefined}
            onChange={(e) => setParams({ kind: e.target.value as string }, { replace: true })}
            options={INCIDENT_KINDS.map((k) => ({ value: k, label: label(KIND_SHORT[k]) }))}
            data-testid="incident-new-kind"
          />
        </Space>
      </Card>
      {isKind(kind) && <IncidentForm key={kind} kind={kind} />}
    </div>
  );
}

function IncidentForm({ kind }: { kind: IncidentKind }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const { create } = useIncidentMutations();
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const occurredAt = Form.useWatch('occurredAt', form);
  const areaCode = Form.useWatch('areaCode', form);
  const date = occurredAt?.isValid() ? occurredAt.format(ISO) : todayIso();
  const required = { required: true, message: t('incidents.required') };

  const onLocated = (area: TArea | null) => {
    if (area && !form.getFieldValue('areaCode')) form.setFields([{ name: 'areaCode', value: area.code, errors: [] }]);
  };

  const submit = async (v: Values) => {
    setServerErrors([]);
    try {
      const inc = await create.mutateAsync(toBody(kind, v));
      void message.success(t('incidents.created', { refNo: inc.refNo }));
      navigate(`/incidents/${inc.id}`);
    } catch (err) {
      const unmatched = applyServerErrors(form, err, FIELD_NAMES, currentLanguage());
      if (unmatched === null) void message.error(errorText(err));
      else {
        if (unmatched.length > 0) setServerErrors([errorText(err), ...unmatched]);
        void message.error(t('incidents.fixErrors'));
      }
    }
  };

  const now = nowPicker();
  const notFuture = {
    validator: async (_: unknown, d: Dayjs | undefined) => {
      if (d && d.diff(nowPicker(), 'minute') > 5) throw new Error(t('incidents.futureTime'));
    },
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{
        occurredAt: now,
        receivedAt: now,
        classification: 'thuong',
        unitId: user.unitId,
        reportSource: 'to_giac',
        receivedBy: 'investigating_body',
        remoteArea: false,
        deaths: 0,
        injuries: 0,
        damageVnd: 0,
        vehicles: 2,
        rescued: 0,
        urban: 'urban',
        amountLostVnd: 0,
        identifiers: kind === 'online_fraud' ? [{ kind: 'phone', value: '' }] : [],
      }}
      onFinish={(v) => void submit(v)}
      onFinishFailed={() => void message.error(t('incidents.fixErrors'))}
      scrollToFirstError
      data-testid="incident-form"
      data-kind={kind}
    >
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={t('incidents.sectionCore')} size="small" style={{ marginBottom: 16 }}>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="occurredAt" label={t('incidents.occurredAt')} rules={[required, notFuture]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_DISPLAY} style={{ width: '100%' }} data-testid="incident-occurred-at" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="receivedAt"
                  label={t('incidents.receivedAt')}
                  dependencies={['occurredAt']}
                  rules={[
                    required,
                    notFuture,
                    ({ getFieldValue }) => ({
                      validator: async (_: unknown, d: Dayjs | undefined) => {
                        const occ = getFieldValue('occurredAt') as Dayjs | undefined;
                        if (d && occ && d.isBefore(occ, 'minute')) throw new Error(t('incidents.receivedBeforeOccurred'));
                      },
                    }),
                  ]}
                >
                  <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_DISPLAY} style={{ width: '100%' }} data-testid="incident-received-at" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="title" label={t('incidents.titleField')} rules={[{ ...required, whitespace: true }, { max: 200 }]}>
              <Input maxLength={200} data-testid="incident-title" />
            </Form.Item>
            <Form.Item name="unitId" label={t('incidents.unit')} rules={[required]}>
              <UnitSelect date={date} testId="incident-unit" />
            </Form.Item>
            <Form.Item name="classification" label={t('incidents.classification')}>
              <Radio.Group
                options={(['thuong', 'mat'] as const).map((c) => ({ value: c, label: label(CLASSIFICATION_LABELS[c]) }))}
                data-testid="incident-classification"
              />
            </Form.Item>
            {kind === 'crime_report' && <CrimeReportFields date={date} />}
            {kind === 'criminal_case' && <CriminalCaseFields date={date} />}
            {(kind === 'traffic_accident' || kind === 'fire') && <CasualtyFields kind={kind} />}
            {kind === 'online_fraud' && <FraudFields />}
            <Form.Item name="narrative" label={t('incidents.narrative')} rules={[{ max: 20_000 }]}>
              <Input.TextArea rows={4} data-testid="incident-narrative" />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('incidents.sectionPlace')} size="small" style={{ marginBottom: 16 }}>
            <Form.Item name="areaCode" label={t('incidents.area')} rules={[required]}>
              <AreaSelect date={date} testId="incident-area" />
            </Form.Item>
            <Form.Item name="address" label={t('incidents.address')} rules={[{ max: 500 }]}>
              <Input data-testid="incident-address" />
            </Form.Item>
            <Form.Item name="point" label={t('incidents.point')} extra={t('incidents.pointHint')}>
              <PointPicker date={date} areaCode={areaCode} onLocated={onLocated} />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      {serverErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={serverErrors[0]}
          description={serverErrors.length > 1 ? serverErrors.slice(1).join('; ') : undefined}
          style={{ marginBottom: 12 }}
          data-testid="incident-form-error"
        />
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="incident-submit">
          {t('common.save')}
        </Button>
        <Link to="/incidents">
          <Button>{t('common.cancel')}</Button>
        </Link>
      </Space>
    </Form>
  );
}

function CrimeReportFields({ date }: { date: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="reportSource" label={t('incidents.reportSource')} rules={[{ required: true, message: t('incidents.required') }]}>
            <Select
              options={(['to_giac', 'tin_bao', 'kien_nghi_khoi_to'] as const).map((s) => ({ value: s, label: label(REPORT_SOURCE_LABELS[s]) }))}
              popupMatchSelectWidth={false}
              data-testid="incident-report-source"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="receivedBy" label={t('incidents.receivedBy')}>
            <Radio.Group
              options={(['commune_police', 'investigating_body'] as const).map((s) => ({ value: s, label: t(`incidents.receivedByOptions.${s}`) }))}
              data-testid="incident-received-by"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="remoteArea" valuePropName="checked">
        <Checkbox>{t('incidents.remoteArea')}</Checkbox>
      </Form.Item>
      <ArticleClauseFields date={date} required={false} label={t('incidents.articleOptional')} />
      <PeopleFields />
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="reporterName" label={t('incidents.reporterName')} rules={[{ max: 200 }]}>
            <Input autoComplete="off" data-testid="incident-reporter-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="reporterContact" label={t('incidents.reporterContact')} rules={[{ max: 200 }]}>
            <Input autoComplete="off" data-testid="incident-reporter-contact" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function PeopleFields() {
  const { t } = useTranslation();
  return (
    <Row gutter={12}>
      <Col xs={12}>
        <Form.Item name="suspects" label={t('incidents.suspects')}>
          <CountInput max={1000} data-testid="incident-suspects" />
        </Form.Item>
      </Col>
      <Col xs={12}>
        <Form.Item name="victims" label={t('incidents.victims')}>
          <CountInput max={100_000} data-testid="incident-victims" />
        </Form.Item>
      </Col>
    </Row>
  );
}

function CriminalCaseFields({ date }: { date: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ArticleClauseFields date={date} required label={t('incidents.articleClause')} />
      <PeopleFields />
    </>
  );
}

function CasualtyFields({ kind }: { kind: 'traffic_accident' | 'fire' }) {
  const { t } = useTranslation();
  const required = { required: true, message: t('incidents.required') };
  return (
    <>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name="deaths" label={t('incidents.deaths')} rules={[required]}>
            <CountInput max={1000} data-testid="incident-deaths" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="injuries" label={t('incidents.injuries')} rules={[required]}>
            <CountInput max={10_000} data-testid="incident-injuries" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="damageVnd" label={t('incidents.damageVnd')}>
            <AmountInput max={1e15} data-testid="incident-damage" />
          </Form.Item>
        </Col>
      </Row>
      {kind === 'traffic_accident' ? (
        <Form.Item name="vehicles" label={t('incidents.vehicles')}>
          <CountInput max={1000} style={{ width: 160 }} data-testid="incident-vehicles" />
        </Form.Item>
      ) : (
        <>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="premisesType" label={t('incidents.premisesType')} rules={[{ max: 100 }]}>
                <Input data-testid="incident-premises" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="cause" label={t('incidents.cause')} rules={[{ max: 200 }]}>
                <Input data-testid="incident-cause" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="urban" label={t('incidents.urban')}>
                <Radio.Group options={(['urban', 'rural'] as const).map((u) => ({ value: u, label: t(`incidents.urbanOptions.${u}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="rescued" label={t('incidents.rescued')}>
                <CountInput max={10_000} data-testid="incident-rescued" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}

function FraudFields() {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="channel" label={t('incidents.channel')} rules={[{ max: 100 }]}>
            <Input placeholder={t('incidents.channelPlaceholder')} data-testid="incident-channel" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="amountLostVnd" label={t('incidents.amountLostVnd')}>
            <AmountInput max={1e15} data-testid="incident-amount-lost" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('incidents.identifiers')}</Typography.Text>
      <Form.List name="identifiers">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }} data-testid="incident-identifiers">
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="start" style={{ marginBottom: 8 }}>
                <Form.Item name={[f.name, 'kind']} style={{ marginBottom: 0 }}>
                  <Select
                    style={{ width: 200 }}
                    options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: t(`incidents.identifierKinds.${k}`) }))}
                    aria-label={t('incidents.identifierKind')}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'value']}
                  rules={[{ required: true, whitespace: true, message: t('incidents.required') }, { max: 300 }]}
                  style={{ flex: 1, marginBottom: 0 }}
                >
                  <Input placeholder={t('incidents.identifierValue')} data-testid={`incident-identifier-${f.name}`} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.cancel')} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'phone', value: '' })} style={{ marginBottom: 16 }}>
              {t('incidents.identifierAdd')}
            </Button>
          </div>
        )}
      </Form.List>
    </>
  );
}
