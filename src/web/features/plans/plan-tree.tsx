import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../app/format';
import type { TPlanTree, TTaskNode } from './api';
import { ProgressBar, TaskStatusTag } from './common';
import { GroupFormModal, TaskFormModal } from './task-form';

type Row = TTaskNode & { children?: Row[] };

/** Flat tree-ordered tasks → nested rows for the table. */
function nest(tasks: TTaskNode[]): Row[] {
  const byId = new Map<string, Row>();
  const roots: Row[] = [];
  for (const t of tasks) byId.set(t.id, { ...t });
  for (const t of tasks) {
    const row = byId.get(t.id)!;
    const parent = t.parentId ? byId.get(t.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

function Counts({ r }: { r: TPlanTree['rollup'] }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      {t('plans.counts', { done: r.done, total: r.total - r.cancelled, overdue: r.overdue, atRisk: r.atRisk })}
    </Typography.Text>
  );
}

/** The plan tree: groups with their roll-up, tasks and delegated subtasks. */
export function PlanTreeView({ plan, onOpenTask }: { plan: TPlanTree; onOpenTask: (id: string) => void }) {
  const { t } = useTranslation();
  const [groupOpen, setGroupOpen] = useState(false);
  const [taskGroup, setTaskGroup] = useState<string | null>(null);
  const groups = useMemo(() => plan.groups.map((g) => ({ ...g, rows: nest(g.tasks) })), [plan]);
  return (
    <Flex vertical gap={16}>
      <Card size="small" data-testid="plan-rollup">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {plan.title}
            </Typography.Title>
            <Counts r={plan.rollup} />
          </div>
          <div style={{ minWidth: 260 }}>
            <Typography.Text strong>{t('plans.overall')}</Typography.Text>
            <ProgressBar value={plan.rollup.progress} size="default" />
          </div>
        </Flex>
      </Card>
      {plan.scoped && <Alert type="info" showIcon title={t('plans.scopedNote')} />}
      {groups.map((g) => (
        <Card
          key={g.id}
          size="small"
          data-testid="plan-group"
          title={
            <Space wrap>
              <span>
                {g.code ? `${g.code}. ` : ''}
                {g.title}
              </span>
              {g.breakthrough && (
                <Tag color="red" icon={<ThunderboltOutlined />}>
                  {t('plans.breakthrough')}
                </Tag>
              )}
            </Space>
          }
          extra={
            <Space>
              <div style={{ width: 180 }}>
                <ProgressBar value={g.rollup.progress} />
              </div>
              {plan.canEdit && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setTaskGroup(g.id)} data-testid="add-task">
                  {t('plans.newTask')}
                </Button>
              )}
            </Space>
          }
        >
          <Counts r={g.rollup} />
          <Table<Row>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={g.rows}
            expandable={{ defaultExpandAllRows: true }}
            scroll={{ x: 800 }}
            onRow={(r) => ({ onClick: () => onOpenTask(r.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: t('plans.noTasks') }}
            columns={[
              {
                title: t('plans.task'),
                dataIndex: 'title',
                render: (v: string) => <span data-testid="task-row-title">{v}</span>,
              },
              { title: t('plans.leadUnit'), render: (_, r) => r.leadUnit.name, width: 220 },
              {
                title: t('plans.dueOn'),
                dataIndex: 'dueOn',
                width: 110,
                render: (v: string | null, r) => (
                  <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{formatDay(v)}</span>
                ),
              },
              {
                title: t('plans.status'),
                width: 200,
                render: (_, r) => <TaskStatusTag status={r.status} overdue={r.overdue} />,
              },
              { title: t('plans.progress'), width: 170, render: (_, r) => <ProgressBar value={r.progress} /> },
            ]}
          />
        </Card>
      ))}
      {plan.canEdit && (
        <div>
          <Button icon={<PlusOutlined />} onClick={() => setGroupOpen(true)} data-testid="add-group">
            {t('plans.newGroup')}
          </Button>
        </div>
      )}
      <GroupFormModal open={groupOpen} onClose={() => setGroupOpen(false)} planId={plan.id} />
      <TaskFormModal open={taskGroup !== null} onClose={() => setTaskGroup(null)} groupId={taskGroup ?? undefined} />
    </Flex>
  );
}
