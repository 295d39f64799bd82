import { useState } from 'react';
import { Segmented, Space, Table, Tag } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../app/format';
import { useMyTasks, type TMyTask } from './api';
import { ProgressBar, TaskStatusTag } from './common';

/** "My unit's tasks": lead or cooperating, open / overdue / all, own unit or the whole subtree. */
export function MyTasks({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<'unit' | 'subtree'>('unit');
  const [status, setStatus] = useState<'open' | 'overdue' | 'all'>('open');
  const list = useMyTasks(scope, status);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={scope}
          onChange={(v) => setScope(v)}
          options={(['unit', 'subtree'] as const).map((v) => ({ value: v, label: t(`plans.mineScope.${v}`) }))}
        />
        <Segmented
          value={status}
          onChange={(v) => setStatus(v)}
          options={(['open', 'overdue', 'all'] as const).map((v) => ({ value: v, label: t(`plans.mineStatus.${v}`) }))}
        />
      </Space>
      <Table<TMyTask>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="my-tasks"
        onRow={(r) => ({ onClick: () => onOpenTask(r.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('plans.noTasks') }}
        columns={[
          {
            title: t('plans.task'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>{r.title}</span>
                <span style={{ fontSize: 12, color: '#888' }}>
                  {r.breakthrough && <ThunderboltOutlined style={{ color: '#cf1322' }} />} {r.groupTitle}
                </span>
              </Space>
            ),
          },
          { title: t('plans.leadUnit'), width: 200, render: (_, r) => r.leadUnit.name },
          { title: '', width: 100, render: (_, r) => <Tag>{t(`plans.role.${r.role}`)}</Tag> },
          {
            title: t('plans.dueOn'),
            width: 110,
            render: (_, r) => <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{formatDay(r.dueOn)}</span>,
          },
          {
            title: t('plans.status'),
            width: 200,
            render: (_, r) => <TaskStatusTag status={r.status} overdue={r.overdue} />,
          },
          {
            title: t('plans.progress'),
            width: 160,
            render: (_, r) => <ProgressBar value={r.status === 'done' ? 100 : r.percent} />,
          },
        ]}
      />
    </Space>
  );
}
