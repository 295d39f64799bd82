import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Input, Row, Space, Spin, Switch, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { todayIso } from '../../app/format';
import { useErrorText } from '../../app/use-error-text';
import { DISPLAY, ISO, validIso } from '../areas/generation-picker';
import { useUnitList, type TUnitDetail } from './api';
import { UnitDetail } from './unit-detail';
import { AddJurisdictionModal, CreateUnitModal, EditUnitModal } from './unit-forms';
import { UnitTree } from './unit-tree';

type Dialog = { kind: 'create' } | { kind: 'edit'; detail: TUnitDetail } | { kind: 'jurisdiction'; detail: TUnitDetail } | null;

/** /units?date=&all=1&unit= — the police unit tree on a date, with history; administrators edit it. */
export function UnitsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const errorText = useErrorText();
  const canManage = can('units.manage');
  const [params, setParams] = useSearchParams();
  const date = validIso(params.get('date')) ?? todayIso();
  const showAll = params.get('all') === '1';
  const selected = params.get('unit');
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = useUnitList(showAll ? undefined : date);
  const units = list.data?.items ?? [];

  const update = (patch: { date?: string; all?: boolean; unit?: string | null }) => {
    const next = { date, all: showAll, unit: selected, ...patch };
    const sp: Record<string, string> = { date: next.date };
    if (next.all) sp.all = '1';
    if (next.unit) sp.unit = next.unit;
    setParams(sp, { replace: patch.unit === undefined });
  };

  return (
    <div data-testid="page-units">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('units.title')}
        </Typography.Title>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="unit-create">
            {t('units.create')}
          </Button>
        )}
      </Flex>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          allowClear={false}
          format={DISPLAY}
          value={dayjs(date, ISO)}
          onChange={(d) => d && update({ date: d.format(ISO) })}
          aria-label={t('units.date')}
          data-testid="units-date"
        />
        <Space>
          <Switch checked={showAll} onChange={(all) => update({ all })} data-testid="units-show-all" />
          <span>{t('units.showDissolved')}</span>
        </Space>
        <Input.Search
          allowClear
          placeholder={t('units.searchPlaceholder')}
          onSearch={(v) => setQ(v)}
          onChange={(e) => e.target.value === '' && setQ('')}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="units-search"
        />
        <Typography.Text type="secondary" data-testid="units-total" data-total={units.length}>
          {t('units.total', { count: units.length })}
        </Typography.Text>
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card>
            <Spin spinning={list.isFetching}>
              <UnitTree units={units} date={date} q={q} selected={selected} onSelect={(id) => update({ unit: id })} />
            </Spin>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card>
            {selected ? (
              <UnitDetail
                id={selected}
                canManage={canManage}
                onOpen={(id) => update({ unit: id })}
                onEdit={(detail) => setDialog({ kind: 'edit', detail })}
                onAddJurisdiction={(detail) => setDialog({ kind: 'jurisdiction', detail })}
              />
            ) : (
              <Empty description={t('units.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>
      {dialog?.kind === 'create' && (
        <CreateUnitModal
          date={dayjs(date, ISO)}
          onClose={() => setDialog(null)}
          onCreated={(u) => {
            setDialog(null);
            update({ unit: u.id });
          }}
        />
      )}
      {dialog?.kind === 'edit' && <EditUnitModal detail={dialog.detail} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'jurisdiction' && (
        <AddJurisdictionModal detail={dialog.detail} date={dayjs(date, ISO)} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
