import { Button, Card, DatePicker, Flex, Segmented, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { DISPLAY, ISO } from '../areas/generation-picker';
import { AreaSelect, UnitSelect } from '../incidents/pickers';
import { PERIOD_KINDS, type DashboardState, type TComparison, type TPeriodKind } from './state';

const GROUPS: { key: 'report' | 'calendar' | 'other'; kinds: TPeriodKind[] }[] = [
  { key: 'report', kinds: PERIOD_KINDS.filter((k) => k.startsWith('report_')) },
  { key: 'calendar', kinds: ['month', 'quarter', 'year', 'na_year'] },
  { key: 'other', kinds: ['rolling_7', 'rolling_28', 'ytd', 'custom'] },
];

/** Period kind (Decree 09 first), a day inside it or a custom range, the comparison, and the area / unit filters. */
export function PeriodControls({
  state,
  filterDate,
  onChange,
  onReset,
}: {
  state: DashboardState;
  /** The day whose communes and units the filters offer (the period's end). */
  filterDate: string;
  onChange: (patch: Partial<DashboardState>) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="stats-no-print" style={{ marginBottom: 12 }} data-testid="stat-controls">
      <Flex wrap gap={8} align="center">
        <Select<TPeriodKind>
          value={state.period}
          onChange={(period) => {
            if (period === 'custom') {
              // Start from the current calendar month so that the range is valid at once.
              const today = dayjs();
              onChange({ period, from: today.startOf('month').format(ISO), to: today.format(ISO), date: undefined });
            } else onChange({ period, from: undefined, to: undefined });
          }}
          options={GROUPS.map((g) => ({
            label: t(`stats.periodGroups.${g.key}`),
            title: t(`stats.periodGroups.${g.key}`),
            options: g.kinds.map((k) => ({ value: k, label: t(`stats.periodKinds.${k}`) })),
          }))}
          style={{ width: 250, maxWidth: '100%' }}
          popupMatchSelectWidth={false}
          aria-label={t('stats.period')}
          data-testid="stat-period-kind"
        />
        {state.period === 'custom' ? (
          <DatePicker.RangePicker
            format={DISPLAY}
            allowClear={false}
            value={[state.from ? dayjs(state.from, ISO) : null, state.to ? dayjs(state.to, ISO) : null]}
            onChange={(v) => v?.[0] && v[1] && onChange({ from: v[0].format(ISO), to: v[1].format(ISO) })}
            style={{ maxWidth: '100%' }}
            data-testid="stat-period-range"
          />
        ) : (
          <DatePicker
            format={DISPLAY}
            value={state.date ? dayjs(state.date, ISO) : null}
            placeholder={t('stats.today')}
            onChange={(v) => onChange({ date: v ? v.format(ISO) : undefined })}
            style={{ width: 150 }}
            aria-label={t('stats.date')}
            data-testid="stat-period-date"
          />
        )}
        <Segmented<TComparison>
          value={state.comparison}
          onChange={(comparison) => onChange({ comparison })}
          options={[
            { value: 'same_period', label: t('stats.samePeriod') },
            { value: 'previous_period', label: t('stats.previousPeriod') },
          ]}
          data-testid="stat-comparison"
        />
        <AreaSelect
          allowClear
          date={filterDate}
          value={state.areaCode}
          onChange={(areaCode) => onChange({ areaCode })}
          placeholder={t('stats.allAreas')}
          style={{ width: 220, maxWidth: '100%' }}
          testId="stat-filter-area"
        />
        <UnitSelect
          allowClear
          date={filterDate}
          value={state.unitId}
          onChange={(unitId) => onChange({ unitId })}
          style={{ width: 240, maxWidth: '100%' }}
          testId="stat-filter-unit"
        />
        <Button type="link" onClick={onReset} data-testid="stat-reset">
          {t('stats.reset')}
        </Button>
      </Flex>
    </Card>
  );
}
