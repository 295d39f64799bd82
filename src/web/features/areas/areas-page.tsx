import { useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Flex, Input, Row, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { todayIso } from '../../app/format';
import { areaPath, useAreaGeoJson } from './api';
import { AreaDetail } from './area-detail';
import { AreaMap } from './area-map';
import { AreaTable } from './area-table';
import { GenerationPicker, validIso } from './generation-picker';

type Level = 'communes' | 'districts' | 'all';
const LEVELS: Record<Level, number | undefined> = { communes: 3, districts: 2, all: undefined };

/** /areas?date= — the areas of one generation as a table and a map; a selection opens the detail drawer. */
export function AreasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const date = validIso(params.get('date')) ?? todayIso();
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<Level>('communes');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  const geo = useAreaGeoJson(date);
  const communesWithBoundary = geo.data?.features.filter((f) => f.properties.kind !== 'outline').length;
  const noBoundary = communesWithBoundary === 0;

  const setDate = (d: string) => {
    setParams({ date: d }, { replace: true });
    setPage(1);
    setSelected(null);
  };

  const table = (
    <AreaTable
      date={date}
      q={q}
      level={LEVELS[level]}
      page={page}
      onPage={setPage}
      selected={selected}
      onSelect={setSelected}
    />
  );

  return (
    <div data-testid="page-areas">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('areas.title')}
        </Typography.Title>
        <GenerationPicker value={date} onChange={setDate} />
      </Flex>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('areas.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 340, maxWidth: '100%' }}
          data-testid="areas-search"
        />
        <Segmented<Level>
          value={level}
          onChange={(v) => {
            setLevel(v);
            setPage(1);
          }}
          options={[
            { value: 'communes', label: t('areas.levelCommunes') },
            { value: 'districts', label: t('areas.levelDistricts') },
            { value: 'all', label: t('areas.levelAll') },
          ]}
          data-testid="areas-level"
        />
      </Space>
      {noBoundary && (
        <Alert type="info" showIcon title={t('areas.noBoundary')} style={{ marginBottom: 12 }} data-testid="areas-no-boundary" />
      )}
      {noBoundary ? (
        <Card>{table}</Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card>{table}</Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('areas.map')}>
              <AreaMap key={date} date={date} selected={selected} onSelect={setSelected} />
            </Card>
          </Col>
        </Row>
      )}
      <Drawer
        open={selected !== null}
        onClose={() => setSelected(null)}
        title={t('areas.detailTitle')}
        size={480}
        mask={false}
        extra={
          selected && (
            <Link to={areaPath(selected, date)}>
              <Button size="small">{t('areas.openPage')}</Button>
            </Link>
          )
        }
        data-testid="area-drawer"
      >
        {selected && <AreaDetail code={selected} date={date} />}
      </Drawer>
    </div>
  );
}
