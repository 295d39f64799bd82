import { useState } from 'react';
import { Button, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Spin, Tabs, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { App } from 'antd';
import { useAuth } from '../../app/auth';
import { currentLanguage } from '../../app/i18n';
import { download, usePlanMutations, usePlans, usePlanTree } from './api';
import { useSubmit } from './common';
import { Directives } from './directives';
import { MyTasks } from './my-tasks';
import { PlanTreeView } from './plan-tree';
import { Scoreboard } from './scoreboard';
import { TargetBoard } from './targets';
import { TaskDrawer } from './task-drawer';

const TABS = ['tree', 'mine', 'directives', 'targets', 'scoreboard'] as const;
type Tab = (typeof TABS)[number];

/** Plans, directives and targets: one screen with a tab per view; the tab, plan and open task live in the URL. */
export function PlansPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const plans = usePlans();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'tree';
  const planId = params.get('plan') ?? plans.data?.items[0]?.id;
  const taskId = params.get('task');
  const tree = usePlanTree(planId);
  const [creating, setCreating] = useState(false);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const current = plans.data?.items.find((p) => p.id === planId);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('plans.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            style={{ minWidth: 280 }}
            value={planId}
            onChange={(v) => set('plan', v)}
            placeholder={t('plans.plan')}
            options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title} (${p.unitName})` }))}
            data-testid="plan-select"
          />
          {current && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download(
                  `/api/plans/${current.id}/export?lang=${currentLanguage()}`,
                  `ke-hoach-${current.year}.xlsx`,
                ).catch((e: unknown) => void message.error(String(e)))
              }
              data-testid="plan-export"
            >
              {t('plans.exportXlsx')}
            </Button>
          )}
          {can('plans.write') && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('plans.newPlan')}
            </Button>
          )}
        </Space>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k)}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`plans.tabs.${k}`)}</span> }))}
      />
      {plans.isPending && <Spin />}
      {tab === 'tree' &&
        (plans.data && !planId ? (
          <Empty description={t('plans.noPlan')} />
        ) : tree.data ? (
          <PlanTreeView plan={tree.data} onOpenTask={(id) => set('task', id)} />
        ) : (
          <Spin />
        ))}
      {tab === 'mine' && <MyTasks onOpenTask={(id) => set('task', id)} />}
      {tab === 'directives' && <Directives planId={planId} />}
      {tab === 'targets' && <TargetBoard planId={planId} />}
      {tab === 'scoreboard' && planId && <Scoreboard planId={planId} />}
      <TaskDrawer taskId={taskId} onClose={() => set('task', null)} onOpenTask={(id) => set('task', id)} />
      <PlanModal open={creating} onClose={() => setCreating(false)} onCreated={(id) => set('plan', id)} />
    </Flex>
  );
}

function PlanModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ year: number; title: string; description?: string }>();
  const { createPlan } = usePlanMutations();
  const submit = useSubmit();
  return (
    <Modal
      open={open}
      title={t('plans.newPlan')}
      onCancel={onClose}
      destroyOnHidden
      confirmLoading={createPlan.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        let id = '';
        const ok = await submit(form, ['year', 'title', 'description'], async () => {
          id = (await createPlan.mutateAsync({ year: v.year, title: v.title, description: v.description ?? '' })).id;
        });
        if (ok) {
          onCreated(id);
          onClose();
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ year: new Date().getFullYear() }}>
        <Form.Item name="year" label={t('plans.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="title" label={t('plans.planTitle')} rules={[{ required: true }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="description" label={t('plans.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
