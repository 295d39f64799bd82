import { Progress, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useErrorText } from '../../app/use-error-text';
import { currentLanguage } from '../../app/i18n';
import { formatNumber, todayIso } from '../../app/format';
import { useUnitList } from '../units/api';
import { applyServerErrors } from '../incidents/form-errors';

export const STATUS_COLOURS: Record<string, string> = {
  not_started: 'default',
  in_progress: 'processing',
  at_risk: 'warning',
  done: 'success',
  cancelled: 'default',
};

export function TaskStatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATUS_COLOURS[status]} data-testid="task-status">
        {t(`plans.statuses.${status as 'done'}`)}
      </Tag>
      {overdue && <Tag color="error">{t('plans.overdue')}</Tag>}
    </>
  );
}

export function ProgressBar({ value, size = 'small' }: { value: number | null; size?: 'small' | 'default' }) {
  if (value === null) return <span>—</span>;
  const v = Math.round(value * 10) / 10;
  return (
    <Progress
      percent={v}
      size={size}
      status={value >= 100 ? 'success' : 'normal'}
      format={(p) => `${formatNumber(p ?? 0, currentLanguage())}%`}
      style={{ minWidth: 120, margin: 0 }}
    />
  );
}

/** Units of the user's subtree valid today (one or many). */
export function UnitPicker({
  value,
  onChange,
  multiple,
  testId,
}: {
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
  testId?: string;
}) {
  const units = useUnitList(todayIso());
  return (
    <Select
      value={value}
      onChange={onChange}
      mode={multiple ? 'multiple' : undefined}
      allowClear={multiple}
      showSearch={{ optionFilterProp: 'label' }}
      loading={units.isPending}
      options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}

export const toIso = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null);
export const fromIso = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s) : undefined);
export const DATE_FORMAT = 'DD/MM/YYYY';

/** Submits a form's values, putting the server's field errors back on the form. */
export function useSubmit() {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { t } = useTranslation();
  return async (form: FormInstance, fields: readonly string[], run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      void message.success(t('plans.saved'));
      return true;
    } catch (err) {
      const rest = applyServerErrors(form, err, fields, currentLanguage());
      if (rest === null) void message.error(errorText(err));
      else if (rest.length) void message.error(rest.join('; '));
      return false;
    }
  };
}
