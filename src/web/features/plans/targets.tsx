import { useState } from 'react';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { STAT_METRICS } from '../../../contracts/stats';
import { useAuth } from '../../app/auth';
import { formatDay, formatNumber } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { usePlanMutations, useTargets, type TTarget } from './api';
import { DATE_FORMAT, toIso, UnitPicker, useSubmit } from './common';

const LIGHT: Record<TTarget['status'], string> = {
  met: '#389e0d',
  at_risk: '#d48806',
  missed: '#cf1322',
  no_data: '#8c8c8c',
};

function Sparkline({ values, colour }: { values: (number | null)[]; colour: string }) {
  const pts = values.map((v) => v ?? 0);
  if (pts.length < 2) return null;
  const w = 140;
  const h = 32;
  const max = Math.max(...pts, 1);
  const min = Math.min(...pts, 0);
  const xy = pts.map(
    (v, i) =>
      `${((i / (pts.length - 1)) * w).toFixed(1)},${(h - ((v - min) / (max - min || 1)) * (h - 4) - 2).toFixed(1)}`,
  );
  return (
    <svg width={w} height={h} role="img" aria-label="sparkline" data-testid="sparkline">
      <polyline points={xy.join(' ')} fill="none" stroke={colour} strokeWidth={2} />
    </svg>
  );
}

function fmtValue(t: TTarget, v: number | null): string {
  if (v === null) return '—';
  const lang = currentLanguage();
  const n = formatNumber(Math.round(v * 10) / 10, lang);
  if (t.measure === 'change_percent') return `${v > 0 ? '+' : ''}${n}%`;
  if (t.measure === 'change_absolute')
    return `${v > 0 ? '+' : ''}${n}${t.metricUnit === 'percent' ? (lang === 'vi' ? ' điểm %' : ' pp') : ''}`;
  return t.metricUnit === 'percent' ? `${n}%` : n;
}

/** The target board: a traffic light per target, its live value, projection and monthly sparkline. */
export function TargetBoard({ planId }: { planId?: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const lang = currentLanguage();
  const list = useTargets(planId);
  const [creating, setCreating] = useState(false);
  if (list.isPending) return <Spin />;
  const items = list.data?.items ?? [];
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" wrap gap={8}>
        <Typography.Text type="secondary">
          {t('plans.target.source')} · {formatDay(list.data?.asOf)}
        </Typography.Text>
        {can('plans.write') && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-target">
            {t('plans.target.new')}
          </Button>
        )}
      </Flex>
      {items.length === 0 && <Empty description={t('plans.target.empty')} />}
      <Row gutter={[12, 12]}>
        {items.map((x) => (
          <Col key={x.id} xs={24} md={12} xl={8}>
            <Card
              size="small"
              data-testid="target-card"
              style={{ borderLeft: `6px solid ${LIGHT[x.status]}`, height: '100%' }}
            >
              <Flex vertical gap={6}>
                <Flex justify="space-between" gap={8} align="start">
                  <Typography.Text strong>{x.title}</Typography.Text>
                  <Tag color={LIGHT[x.status]} data-testid="target-status">
                    {t(`plans.target.statuses.${x.status}`)}
                  </Tag>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {x.metricLabel[lang]} · {x.unit.name} · {formatDay(x.periodStart)}–{formatDay(x.periodEnd)}
                </Typography.Text>
                <Flex justify="space-between" align="end" gap={8}>
                  <div>
                    <div style={{ fontSize: 26, fontWeight: 600, color: LIGHT[x.status] }} data-testid="target-value">
                      {fmtValue(x, x.value)}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {x.rule[lang]}
                    </Typography.Text>
                  </div>
                  <Sparkline values={x.series.map((s) => s.value)} colour={LIGHT[x.status]} />
                </Flex>
                <Space wrap size={12} style={{ fontSize: 12 }}>
                  {!x.finished && (
                    <span>
                      {t('plans.target.projected')}: <strong>{fmtValue(x, x.projected)}</strong>
                    </span>
                  )}
                  {x.measure !== 'value' && (
                    <Tooltip title={t(`plans.target.comparisons.${x.comparison}`)}>
                      <span>
                        {t('plans.target.current')}: {x.current === null ? '—' : formatNumber(x.current, lang)} ·{' '}
                        {t('plans.target.comparisonValue')}:{' '}
                        {x.comparisonValue === null ? '—' : formatNumber(x.comparisonValue, lang)}
                      </span>
                    </Tooltip>
                  )}
                  {!x.finished && (
                    <span>{t('plans.target.elapsed', { pct: formatNumber(Math.round(x.elapsed * 100), lang) })}</span>
                  )}
                  {x.scoped && <Tag>{t('plans.target.scoped')}</Tag>}
                </Space>
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      <TargetModal open={creating} onClose={() => setCreating(false)} planId={planId} />
    </Flex>
  );
}

interface TargetValues {
  title: string;
  metric: (typeof STAT_METRICS)[number];
  measure: 'value' | 'change_percent' | 'change_absolute';
  comparison: 'same_period' | 'previous_period' | 'none';
  op: '<' | '<=' | '>' | '>=';
  threshold: number;
  scope: 'all' | 'unit' | 'area';
  unitId: string;
  areaCode?: string;
  periodKind: string;
  date: Dayjs;
}

const PERIOD_KINDS = ['year', 'report_year', 'quarter', 'report_quarter', 'month', 'report_month', 'na_year'] as const;

function TargetModal({ open, onClose, planId }: { open: boolean; onClose: () => void; planId?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TargetValues>();
  const { createTarget } = usePlanMutations();
  const submit = useSubmit();
  const measure = Form.useWatch('measure', form);
  const scope = Form.useWatch('scope', form);
  const onOk = async () => {
    const v = await form.validateFields();
    const ok = await submit(
      form,
      [
        'title',
        'metric',
        'measure',
        'comparison',
        'op',
        'threshold',
        'scope',
        'unitId',
        'areaCode',
        'periodKind',
        'date',
      ],
      () =>
        createTarget.mutateAsync({
          ...v,
          comparison: v.measure === 'value' ? 'none' : v.comparison,
          areaCode: v.scope === 'area' ? (v.areaCode ?? null) : null,
          date: toIso(v.date)!,
          planId: planId ?? null,
        }),
    );
    if (ok) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t('plans.target.new')}
      onCancel={onClose}
      onOk={onOk}
      confirmLoading={createTarget.isPending}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          measure: 'change_percent',
          comparison: 'same_period',
          op: '<=',
          threshold: -5,
          scope: 'all',
          periodKind: 'year',
          date: dayjs(),
          metric: 'social_order_crime',
        }}
      >
        <Form.Item name="title" label={t('plans.target.title')} rules={[{ required: true }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="metric" label={t('plans.target.metric')}>
          <Select
            options={STAT_METRICS.map((m) => ({ value: m, label: t(`plans.target.metrics.${m}`) }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="measure" label={t('plans.target.measure')}>
            <Select
              style={{ width: 260 }}
              options={(['value', 'change_percent', 'change_absolute'] as const).map((m) => ({
                value: m,
                label: t(`plans.target.measures.${m}`),
              }))}
            />
          </Form.Item>
          {measure !== 'value' && (
            <Form.Item name="comparison" label={t('plans.target.comparison')}>
              <Select
                style={{ width: 200 }}
                options={(['same_period', 'previous_period'] as const).map((m) => ({
                  value: m,
                  label: t(`plans.target.comparisons.${m}`),
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="op" label={t('plans.target.op')}>
            <Select
              style={{ width: 80 }}
              options={(['<', '<=', '>', '>='] as const).map((o) => ({
                value: o,
                label: { '<': '<', '<=': '≤', '>': '>', '>=': '≥' }[o],
              }))}
            />
          </Form.Item>
          <Form.Item name="threshold" label={t('plans.target.threshold')} rules={[{ required: true }]}>
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="scope" label={t('plans.target.scope')}>
            <Select
              style={{ width: 240 }}
              options={(['all', 'unit', 'area'] as const).map((s) => ({
                value: s,
                label: t(`plans.target.scopes.${s}`),
              }))}
            />
          </Form.Item>
          {scope === 'area' && (
            <Form.Item
              name="areaCode"
              label={t('plans.target.area')}
              rules={[{ required: true, pattern: /^\d{2,5}$/ }]}
            >
              <Input style={{ width: 120 }} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="unitId" label={t('plans.target.unit')} rules={[{ required: true }]}>
          <UnitPicker />
        </Form.Item>
        <Space wrap>
          <Form.Item name="periodKind" label={t('plans.target.periodKind')}>
            <Select
              style={{ width: 260 }}
              options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`plans.target.periodKinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="date" label={t('plans.target.date')} rules={[{ required: true }]}>
            <DatePicker format={DATE_FORMAT} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
