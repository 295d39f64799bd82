import { Alert, Button, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDay } from '../../app/format';
import { useErrorText } from '../../app/use-error-text';
import { areaPath } from '../areas/api';
import { useValidityText } from '../areas/area-table';
import { useUnitDetail, type TUnitDetail, type TUnitRef } from './api';

type TJurisdiction = TUnitDetail['jurisdiction'][number];

function RefList({ refs, onOpen, testId }: { refs: TUnitRef[]; onOpen: (id: string) => void; testId: string }) {
  const { t } = useTranslation();
  const validity = useValidityText();
  if (refs.length === 0) return <Typography.Text type="secondary">{t('units.none')}</Typography.Text>;
  // Units keep their name across periods (e.g. a ward police before and after 2025): then show the period too.
  const seen = new Map<string, number>();
  for (const r of refs) seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
  return (
    <Space wrap size={[4, 4]} data-testid={testId}>
      {refs.map((r) => (
        <Tag key={r.id} style={{ cursor: 'pointer' }} title={validity(r.validFrom, r.validTo)} onClick={() => onOpen(r.id)}>
          {(seen.get(r.name) ?? 0) > 1 ? `${r.name} (${validity(r.validFrom, r.validTo)})` : r.name}
        </Tag>
      ))}
    </Space>
  );
}

interface Props {
  id: string;
  canManage: boolean;
  onOpen: (id: string) => void;
  onEdit: (detail: TUnitDetail) => void;
  onAddJurisdiction: (detail: TUnitDetail) => void;
}

/** A unit: kind, validity, its place in the tree and in history, and the areas it answers for over time. */
export function UnitDetail({ id, canManage, onOpen, onEdit, onAddJurisdiction }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const validity = useValidityText();
  const detail = useUnitDetail(id);
  if (detail.isPending) return <Spin />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error)} />;
  const d = detail.data;
  const { unit } = d;

  const columns = [
    {
      title: t('units.area'),
      key: 'area',
      render: (_: unknown, j: TJurisdiction) => <Link to={areaPath(j.areaCode, j.areaValidFrom)}>{`${j.areaFullName} (${j.areaCode})`}</Link>,
    },
    { title: t('units.validFrom'), key: 'from', render: (_: unknown, j: TJurisdiction) => formatDay(j.validFrom) },
    { title: t('units.validTo'), key: 'to', render: (_: unknown, j: TJurisdiction) => formatDay(j.validTo) },
  ];

  return (
    <div data-testid="unit-detail" data-code={unit.code}>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="unit-detail-name">
          {unit.name}
        </Typography.Title>
        {canManage && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => onEdit(d)} data-testid="unit-edit">
              {t('units.edit')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => onAddJurisdiction(d)} data-testid="unit-add-jurisdiction">
              {t('units.addJurisdiction')}
            </Button>
          </Space>
        )}
      </Space>
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('units.code')}>{unit.code}</Descriptions.Item>
        <Descriptions.Item label={t('units.kind')}>{t(`units.kinds.${unit.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('units.validity')}>{validity(unit.validFrom, unit.validTo)}</Descriptions.Item>
        {unit.cityWide && <Descriptions.Item label={t('units.cityWide')}>{t('common.yes')}</Descriptions.Item>}
        <Descriptions.Item label={t('units.parent')}>
          <RefList refs={d.parent ? [d.parent] : []} onOpen={onOpen} testId="unit-parent" />
        </Descriptions.Item>
        <Descriptions.Item label={t('units.children')}>
          <RefList refs={d.children} onOpen={onOpen} testId="unit-children" />
        </Descriptions.Item>
        <Descriptions.Item label={t('units.predecessors')}>
          <RefList refs={d.predecessors} onOpen={onOpen} testId="unit-predecessors" />
        </Descriptions.Item>
        <Descriptions.Item label={t('units.successors')}>
          <RefList refs={d.successors} onOpen={onOpen} testId="unit-successors" />
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('units.jurisdiction')} ({d.jurisdiction.length})
      </Typography.Title>
      <Table<TJurisdiction>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={d.jurisdiction}
        pagination={d.jurisdiction.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid="unit-jurisdiction"
      />
    </div>
  );
}
