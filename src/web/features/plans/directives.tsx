import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { formatDay } from '../../app/format';
import { useDirectives, usePlanMutations, type TDirective } from './api';
import { DATE_FORMAT, toIso, UnitPicker, useSubmit } from './common';

type Item = TDirective['items'][number];
const STATE_COLOUR = { closed: 'success', open: 'processing', overdue: 'error' } as const;

function ItemState({ i }: { i: Item }) {
  const { t } = useTranslation();
  if (i.status === 'done')
    return (
      <Tag color={i.late ? 'warning' : 'success'}>
        {t(i.late ? 'plans.directive.itemState.late' : 'plans.directive.itemState.done')}
      </Tag>
    );
  return (
    <Tag color={i.overdue ? 'error' : 'processing'}>
      {t(i.overdue ? 'plans.directive.itemState.overdue' : 'plans.directive.itemState.open')}
    </Tag>
  );
}

/** The directives register: each directive with its follow-up items and their state. */
export function Directives({ planId }: { planId?: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = useDirectives();
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<Item | null>(null);
  if (list.isPending) return <Spin />;
  const items = list.data?.items ?? [];
  return (
    <Flex vertical gap={12}>
      {can('directives.issue') && (
        <div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-directive">
            {t('plans.directive.new')}
          </Button>
        </div>
      )}
      {items.length === 0 && <Empty description={t('plans.directive.empty')} />}
      {items.map((d) => (
        <Card
          key={d.id}
          size="small"
          data-testid="directive"
          title={
            <Space wrap>
              <strong>{d.number}</strong>
              <span>{formatDay(d.issuedOn)}</span>
              <Typography.Text type="secondary">
                {d.issuerName} ·{' '}
                {d.source === 'meeting'
                  ? d.meeting || t('plans.directive.sources.meeting')
                  : t('plans.directive.sources.document')}
              </Typography.Text>
            </Space>
          }
          extra={
            <Space>
              <Typography.Text type="secondary">
                {t('plans.directive.counts', { done: d.counts.done, total: d.counts.total })}
              </Typography.Text>
              <Tag color={STATE_COLOUR[d.state]}>{t(`plans.directive.state.${d.state}`)}</Tag>
            </Space>
          }
        >
          <Typography.Paragraph style={{ marginBottom: 8 }}>{d.content}</Typography.Paragraph>
          <Table<Item>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.items}
            scroll={{ x: 760 }}
            columns={[
              { title: t('plans.directive.itemContent'), dataIndex: 'content' },
              { title: t('plans.directive.unit'), width: 220, render: (_, i) => i.unit.name },
              { title: t('plans.dueOn'), width: 110, render: (_, i) => formatDay(i.dueOn) },
              {
                title: t('plans.status'),
                width: 260,
                render: (_, i) => (
                  <Space orientation="vertical" size={2}>
                    <ItemState i={i} />
                    {i.report && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDay(i.closedOn)}: {i.report}
                      </Typography.Text>
                    )}
                    {i.canClose && (
                      <Button size="small" onClick={() => setClosing(i)} data-testid="close-item">
                        {t('plans.directive.close')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ))}
      <DirectiveModal open={creating} onClose={() => setCreating(false)} planId={planId} />
      <CloseItemModal item={closing} onClose={() => setClosing(null)} />
    </Flex>
  );
}

function CloseItemModal({ item, onClose }: { item: Item | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ report: string }>();
  const { closeItem } = usePlanMutations();
  const submit = useSubmit();
  return (
    <Modal
      open={item !== null}
      title={t('plans.directive.close')}
      onCancel={onClose}
      destroyOnHidden
      confirmLoading={closeItem.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        if (await submit(form, ['report'], () => closeItem.mutateAsync({ id: item!.id, report: v.report }))) onClose();
      }}
    >
      <Typography.Paragraph>{item?.content}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="report" label={t('plans.directive.closeReport')} rules={[{ required: true, min: 5 }]}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="close-report" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DirectiveValues {
  number: string;
  issuedOn: Dayjs;
  source: 'meeting' | 'document';
  meeting?: string;
  issuerName: string;
  content: string;
  items: { unitId: string; content: string; dueOn: Dayjs }[];
}

function DirectiveModal({ open, onClose, planId }: { open: boolean; onClose: () => void; planId?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DirectiveValues>();
  const { createDirective } = usePlanMutations();
  const submit = useSubmit();
  const onOk = async () => {
    const v = await form.validateFields();
    const ok = await submit(form, ['number', 'issuedOn', 'source', 'meeting', 'issuerName', 'content', 'items'], () =>
      createDirective.mutateAsync({
        number: v.number,
        issuedOn: toIso(v.issuedOn)!,
        source: v.source,
        meeting: v.meeting ?? '',
        issuerName: v.issuerName,
        content: v.content,
        planId: planId ?? null,
        items: v.items.map((i) => ({ unitId: i.unitId, content: i.content, dueOn: toIso(i.dueOn)! })),
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
      title={t('plans.directive.new')}
      onCancel={onClose}
      onOk={onOk}
      confirmLoading={createDirective.isPending}
      width={760}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ issuedOn: dayjs(), source: 'meeting', items: [{}] }}>
        <Space wrap>
          <Form.Item name="number" label={t('plans.directive.number')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="issuedOn" label={t('plans.directive.issuedOn')} rules={[{ required: true }]}>
            <DatePicker format={DATE_FORMAT} />
          </Form.Item>
          <Form.Item name="source" label={t('plans.directive.source')}>
            <Radio.Group
              options={(['meeting', 'document'] as const).map((s) => ({
                value: s,
                label: t(`plans.directive.sources.${s}`),
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="meeting" label={t('plans.directive.meeting')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="issuerName" label={t('plans.directive.issuerName')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={t('plans.directive.content')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Typography.Text strong>{t('plans.directive.items')}</Typography.Text>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="start" wrap>
                  <Form.Item name={[f.name, 'unitId']} rules={[{ required: true }]} style={{ width: 220 }}>
                    <UnitPicker />
                  </Form.Item>
                  <Form.Item name={[f.name, 'content']} rules={[{ required: true }]} style={{ flex: 1, minWidth: 200 }}>
                    <Input placeholder={t('plans.directive.itemContent')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true }]}>
                    <DatePicker format={DATE_FORMAT} placeholder={t('plans.dueOn')} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />}
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                {t('plans.directive.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
