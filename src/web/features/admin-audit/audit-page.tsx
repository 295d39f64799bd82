import { useState } from 'react';
import { Button, Flex, Form, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ZAuditList } from '../../../contracts/users';
import { api, query } from '../../app/api';
import { formatDateTimeSeconds } from '../../app/format';
import { useErrorText } from '../../app/use-error-text';

type TAuditEntry = z.infer<typeof ZAuditList>['items'][number];

const PAGE_SIZE = 50;

interface Filters {
  entityType?: string;
  entityId?: string;
}

/** Keyset paging on seq: each "load more" asks for entries before the last seq shown. */
function useAuditLog(filters: Filters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api.get(`/api/audit${query({ ...filters, limit: PAGE_SIZE, beforeSeq: pageParam })}`, ZAuditList),
    getNextPageParam: (last) => (last.items.length < PAGE_SIZE ? undefined : last.items[last.items.length - 1]?.seq),
  });
}

function DiffView({ diff }: { diff: unknown }) {
  return (
    <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap' }} data-testid="audit-diff">
      {JSON.stringify(diff, null, 2)}
    </pre>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [filters, setFilters] = useState<Filters>({});
  const log = useAuditLog(filters);
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<TAuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80 },
    { title: t('audit.at'), key: 'at', render: (_, e) => formatDateTimeSeconds(e.at), width: 170 },
    { title: t('audit.actor'), key: 'actor', render: (_, e) => e.actorName ?? <i>{t('audit.system')}</i> },
    { title: t('audit.action'), dataIndex: 'action', key: 'action', render: (a: string) => <code>{a}</code> },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, e) => (e.entityId ? `${e.entityType} · ${e.entityId}` : e.entityType),
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      key: 'requestId',
      render: (r: string | null) => (r ? <Typography.Text copyable code>{r}</Typography.Text> : null),
    },
  ];

  return (
    <div data-testid="page-audit">
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      <Form<Filters>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) => setFilters({ entityType: v.entityType?.trim() || undefined, entityId: v.entityId?.trim() || undefined })}
      >
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Input allowClear data-testid="audit-entity-type" />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input allowClear data-testid="audit-entity-id" />
        </Form.Item>
        <Button htmlType="submit" data-testid="audit-filter">
          {t('audit.filter')}
        </Button>
      </Form>
      {log.isError && <Typography.Text type="danger">{errorText(log.error)}</Typography.Text>}
      <Table<TAuditEntry>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={log.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (e) => <DiffView diff={e.diff} />, rowExpandable: (e) => e.diff != null }}
        data-testid="audit-table"
      />
      <Flex justify="center" style={{ marginTop: 16 }}>
        {log.hasNextPage ? (
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
            {t('common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('audit.noMore')}</Typography.Text>
        )}
      </Flex>
    </div>
  );
}
