import { Alert, Button, Card, Descriptions, Empty, Flex, List, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { formatDay, formatNumber, todayIso } from '../../app/format';
import { currentLanguage } from '../../app/i18n';
import { useErrorText } from '../../app/use-error-text';
import { areaPath, useAreaDetail, type TLineageEntry } from './api';
import { AreaMap } from './area-map';
import { useValidityText } from './area-table';
import { validIso } from './generation-picker';

const RELATION_COLOR: Record<TLineageEntry['relation'], string> = { full: 'green', partial: 'orange', same: 'blue' };

function LineageList({ title, entries, testId }: { title: string; entries: TLineageEntry[]; testId: string }) {
  const { t } = useTranslation();
  const validity = useValidityText();
  return (
    <div data-testid={testId} style={{ marginTop: 16 }}>
      <Typography.Title level={5}>
        {title} ({entries.length})
      </Typography.Title>
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('areas.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          bordered
          dataSource={entries}
          renderItem={(e) => (
            <List.Item data-testid={`${testId}-item`} data-relation={e.relation}>
              <Space wrap size={4}>
                <Link to={areaPath(e.code, e.validFrom)}>
                  {e.fullName} ({e.code})
                </Link>
                <Tag color={RELATION_COLOR[e.relation]} data-testid="lineage-relation">
                  {t(`areas.relation.${e.relation}`)}
                </Tag>
                <Typography.Text type="secondary">{validity(e.validFrom, e.validTo)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

/** An area on a date: its facts, where it came from, what it became, and the police units in charge. */
export function AreaDetail({ code, date }: { code: string; date: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const validity = useValidityText();
  const detail = useAreaDetail(code, date);
  if (detail.isPending) return <Spin />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error)} data-testid="area-detail-error" />;
  const { area, children, formedFrom, wentTo, unmapped, units } = detail.data;
  return (
    <div data-testid="area-detail" data-code={area.code}>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="area-detail-name">
        {area.fullName}
      </Typography.Title>
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('areas.code')}>{area.code}</Descriptions.Item>
        <Descriptions.Item label={t('areas.type')}>{t(`areas.types.${area.type}`)}</Descriptions.Item>
        {area.parentName && <Descriptions.Item label={t('areas.parent')}>{area.parentName}</Descriptions.Item>}
        <Descriptions.Item label={t('areas.validity')}>{validity(area.validFrom, area.validTo)}</Descriptions.Item>
        {children > 0 && <Descriptions.Item label={t('areas.children')}>{children}</Descriptions.Item>}
        {area.population !== null && (
          <Descriptions.Item label={t('areas.population')}>{formatNumber(area.population, currentLanguage())}</Descriptions.Item>
        )}
      </Descriptions>
      <LineageList title={t('areas.formedFrom')} entries={formedFrom} testId="area-formed-from" />
      <LineageList title={t('areas.wentTo')} entries={wentTo} testId="area-went-to" />
      {unmapped && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          title={t('areas.unmapped', { reason: unmapped.reason })}
          description={unmapped.nextFullName ? t('areas.unmappedNext', { name: unmapped.nextFullName }) : undefined}
        />
      )}
      <div style={{ marginTop: 16 }} data-testid="area-units">
        <Typography.Title level={5}>{t('areas.units')}</Typography.Title>
        {units.length === 0 ? (
          <Typography.Text type="secondary">{t('areas.none')}</Typography.Text>
        ) : (
          <Space wrap>
            {units.map((u) => (
              <Link key={u.id} to={`/units?unit=${encodeURIComponent(u.id)}&date=${date}`}>
                <Tag color="geekblue">{u.name}</Tag>
              </Link>
            ))}
          </Space>
        )}
      </div>
    </div>
  );
}

/** /areas/:code?date= — one area on its own page, with the map when its generation has boundaries. */
export function AreaDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const date = validIso(params.get('date')) ?? todayIso();
  const detail = useAreaDetail(code, date);
  const hasBoundary = detail.data?.area.hasBoundary ?? false;
  return (
    <div data-testid="page-area-detail">
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <Link to={`/areas?date=${date}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('areas.backToList')}</Button>
        </Link>
        <Typography.Text type="secondary">{t('areas.onDate', { date: formatDay(date) })}</Typography.Text>
      </Flex>
      <Flex gap={16} wrap align="start">
        <Card style={{ flex: '1 1 420px', minWidth: 0 }}>
          {code ? <AreaDetail code={code} date={date} /> : <Empty />}
        </Card>
        {hasBoundary && (
          <Card style={{ flex: '1 1 420px', minWidth: 0 }}>
            <AreaMap date={date} selected={code} onSelect={(c) => navigate(areaPath(c, date))} height={420} />
          </Card>
        )}
      </Flex>
    </div>
  );
}
