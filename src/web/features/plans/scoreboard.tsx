import { Table } from 'antd';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import type { ZScoreboardRow } from '../../../contracts/plans';
import { formatNumber } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useScoreboard } from './api';
import { ProgressBar } from './common';

type Row = z.infer<typeof ZScoreboardRow>;

/** Units compared on the plan's tasks they lead and on their targets. */
export function Scoreboard({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const sb = useScoreboard(planId);
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, lang)}%`);
  return (
    <Table<Row>
      size="small"
      rowKey={(r) => r.unit.id}
      loading={sb.isPending}
      dataSource={sb.data?.rows ?? []}
      pagination={false}
      scroll={{ x: 860 }}
      data-testid="scoreboard"
      locale={{ emptyText: t('plans.scoreboard.empty') }}
      columns={[
        { title: '#', width: 48, render: (_, __, i) => i + 1 },
        { title: t('plans.scoreboard.unit'), render: (_, r) => r.unit.name },
        { title: t('plans.scoreboard.tasks'), dataIndex: 'tasks', width: 110, align: 'right' },
        { title: t('plans.scoreboard.done'), dataIndex: 'done', width: 100, align: 'right' },
        {
          title: t('plans.scoreboard.overdue'),
          dataIndex: 'overdue',
          width: 90,
          align: 'right',
          render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span>,
        },
        {
          title: t('plans.scoreboard.completion'),
          width: 130,
          align: 'right',
          sorter: (a, b) => (a.completion ?? -1) - (b.completion ?? -1),
          render: (_, r) => pct(r.completion),
        },
        { title: t('plans.scoreboard.progress'), width: 170, render: (_, r) => <ProgressBar value={r.progress} /> },
        {
          title: t('plans.scoreboard.targets'),
          width: 150,
          align: 'right',
          render: (_, r) => (r.targets ? `${r.targetsMet}/${r.targets}` : '—'),
        },
      ]}
    />
  );
}
