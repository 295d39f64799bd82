import type { HTMLAttributes } from 'react';
import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../app/format';
import { useErrorText } from '../../app/use-error-text';
import { useAreaList, type TArea } from './api';

export const AREA_PAGE_SIZE = 20;

export function useValidityText(): (from: string, to: string | null) => string {
  const { t } = useTranslation();
  return (from, to) =>
    to ? t('areas.validRange', { from: formatDay(from), to: formatDay(to) }) : t('areas.validFromOnly', { from: formatDay(from) });
}

interface Props {
  date: string;
  q: string;
  level: number | undefined;
  page: number;
  onPage: (page: number) => void;
  selected: string | null;
  onSelect: (code: string) => void;
}

/** The areas of the date's generation, one page at a time; a click on a row selects the area. */
export function AreaTable({ date, q, level, page, onPage, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const validity = useValidityText();
  const list = useAreaList({ date, q: q || undefined, level, limit: AREA_PAGE_SIZE, offset: (page - 1) * AREA_PAGE_SIZE });

  const columns: TableColumnsType<TArea> = [
    { title: t('areas.code'), dataIndex: 'code', key: 'code', width: 90 },
    { title: t('areas.name'), dataIndex: 'name', key: 'name' },
    { title: t('areas.type'), key: 'type', render: (_, a) => t(`areas.types.${a.type}`) },
    { title: t('areas.parent'), dataIndex: 'parentName', key: 'parent', render: (v: string | null) => v ?? '' },
    { title: t('areas.validity'), key: 'validity', render: (_, a) => validity(a.validFrom, a.validTo) },
  ];

  const total = list.data?.total ?? 0;
  return (
    <>
      {list.isError && <div style={{ color: '#cf1322', marginBottom: 8 }}>{errorText(list.error)}</div>}
      <Table<TArea>
        rowKey={(a) => `${a.code}@${a.validFrom}`}
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        rowClassName={(a) => (a.code === selected ? 'ant-table-row-selected' : '')}
        onRow={(a) => ({ onClick: () => onSelect(a.code), style: { cursor: 'pointer' }, 'data-testid': `area-row-${a.code}` }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: AREA_PAGE_SIZE,
          total,
          showSizeChanger: false,
          showTotal: (n) => (
            <span data-testid="areas-total" data-total={n}>
              {t('areas.total', { count: n })}
            </span>
          ),
          onChange: onPage,
        }}
        data-testid="areas-table"
      />
    </>
  );
}
