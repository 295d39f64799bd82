import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  EVENT_LEVEL_LABELS,
  EVENT_LEVELS,
  EVENT_TYPE_LABELS,
  EVENT_TYPES,
  type EventLevel,
  type EventType,
} from '../../../domain/events/model';
import { todayIso } from '../../app/format';
import { useErrorText } from '../../app/use-error-text';
import { currentLanguage } from '../../app/i18n';
import { applyServerErrors } from '../incidents/form-errors';
import { DATE_TIME_DISPLAY, pickerToInstant, useLabel } from '../incidents/labels';
import { AreaSelect, UnitSelect } from '../incidents/pickers';
import { useEventMutations, useVenues } from './api';

interface Values {
  type: EventType;
  level: EventLevel;
  name: string;
  startsAt: Dayjs;
  endsAt: Dayjs;
  venueKey?: string;
  venueName: string;
  areaCode?: string;
  leadUnitId: string;
  expectedAttendance?: number;
  organiser?: string;
  riskNotes?: string;
  fromTemplate: boolean;
}

/** /events/new — a draft event, its plan filled from the template of its type. */
export function EventNewPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const startsAt = Form.useWatch('startsAt', form);
  const date = startsAt ? startsAt.format('YYYY-MM-DD') : todayIso();
  const venues = useVenues(date);
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const { create } = useEventMutations();

  const submit = (v: Values) => {
    create.mutate(
      {
        name: v.name,
        type: v.type,
        level: v.level,
        startsAt: pickerToInstant(v.startsAt),
        endsAt: pickerToInstant(v.endsAt),
        venueName: v.venueName,
        point,
        areaCode: v.areaCode,
        leadUnitId: v.leadUnitId,
        expectedAttendance: v.expectedAttendance ?? 0,
        organiser: v.organiser ?? '',
        riskNotes: v.riskNotes ?? '',
        fromTemplate: v.fromTemplate,
      },
      {
        onSuccess: (e) => navigate(`/events/${e.id}`),
        onError: (err) =>
          void applyServerErrors(
            form,
            err,
            [
              'name',
              'type',
              'level',
              'startsAt',
              'endsAt',
              'venueName',
              'areaCode',
              'leadUnitId',
              'expectedAttendance',
              'organiser',
              'riskNotes',
            ],
            currentLanguage(),
          ),
      },
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('events.newEvent')}
      </Typography.Title>
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} data-testid="event-form-error" />}
      <Card>
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ level: 'important', fromTemplate: true }}
          data-testid="event-form"
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="type" label={t('events.field.type')} rules={[{ required: true }]}>
                <Select
                  data-testid="event-type"
                  options={EVENT_TYPES.map((v) => ({ value: v, label: label(EVENT_TYPE_LABELS[v]) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="level" label={t('events.field.level')} rules={[{ required: true }]}>
                <Select
                  data-testid="event-level"
                  options={EVENT_LEVELS.map((v) => ({ value: v, label: label(EVENT_LEVEL_LABELS[v]) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="name" label={t('events.field.name')} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="event-name" maxLength={300} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="startsAt" label={t('events.field.startsAt')} rules={[{ required: true }]}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format={DATE_TIME_DISPLAY}
                  style={{ width: '100%' }}
                  data-testid="event-starts"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="endsAt" label={t('events.field.endsAt')} rules={[{ required: true }]}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format={DATE_TIME_DISPLAY}
                  style={{ width: '100%' }}
                  data-testid="event-ends"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="venueKey" label={t('events.field.knownVenue')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="event-venue-pick"
              options={(venues.data?.items ?? []).map((v) => ({
                value: v.key,
                label: `${v.name}${v.areaFullName ? ` — ${v.areaFullName}` : ''}`,
              }))}
              onChange={(key: string | undefined) => {
                const v = venues.data?.items.find((x) => x.key === key);
                setPoint(v ? v.point : null);
                if (v) form.setFieldsValue({ venueName: v.name, areaCode: v.areaCode ?? undefined });
              }}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="venueName"
                label={t('events.field.venue')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input data-testid="event-venue" maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="areaCode" label={t('events.field.area')}>
                <AreaSelect date={date} allowClear testId="event-area" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="leadUnitId" label={t('events.field.leadUnit')} rules={[{ required: true }]}>
                <UnitSelect date={date} testId="event-lead" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="expectedAttendance" label={t('events.field.attendance')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="organiser" label={t('events.field.organiser')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="riskNotes" label={t('events.field.riskNotes')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="fromTemplate" label={t('events.field.fromTemplate')} valuePropName="checked">
            <Switch data-testid="event-from-template" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="event-submit">
            {t('events.newEvent')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
