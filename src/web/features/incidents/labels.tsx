import { Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { INCIDENT_KIND_LABELS, type IncidentKind, type Label } from '../../../domain/incidents/kinds';
import { TRAFFIC_SEVERITY_LABELS, type TrafficSeverity } from '../../../domain/incidents/traffic-severity';
import { SEVERITY_LABELS, type SeverityClass } from '../../../domain/law/penal-code';
import { formatNumber } from '../../app/format';

/** Picks the current language from a domain label { vi, en }. */
export function useLabel(): (l: Label | undefined | null) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (l) => (l ? (en ? l.en : l.vi) : '');
}

/** Short kind names for tags and selects (the domain's crime-report label is a full sentence). */
export const KIND_SHORT: Readonly<Record<IncidentKind, Label>> = {
  crime_report: { vi: 'Tin báo, tố giác', en: 'Crime report' },
  criminal_case: INCIDENT_KIND_LABELS.criminal_case,
  traffic_accident: INCIDENT_KIND_LABELS.traffic_accident,
  fire: INCIDENT_KIND_LABELS.fire,
  online_fraud: INCIDENT_KIND_LABELS.online_fraud,
};

const KIND_COLORS: Record<IncidentKind, string> = {
  crime_report: 'geekblue',
  criminal_case: 'volcano',
  traffic_accident: 'orange',
  fire: 'red',
  online_fraud: 'purple',
};

export function KindTag({ kind }: { kind: IncidentKind }) {
  const label = useLabel();
  return (
    <Tag color={KIND_COLORS[kind]} title={label(INCIDENT_KIND_LABELS[kind])} data-testid="incident-kind-tag">
      {label(KIND_SHORT[kind])}
    </Tag>
  );
}

const STATUS_COLORS: Record<string, string> = {
  received: 'blue',
  verifying: 'cyan',
  investigating: 'cyan',
  extended: 'gold',
  case_opened: 'volcano',
  no_case: 'default',
  transferred: 'purple',
  suspended: 'orange',
  reopened: 'magenta',
  solved: 'green',
  concluded: 'green',
  closed: 'default',
};

export function StatusTag({ status, label }: { status: string; label: Label }) {
  const l = useLabel();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="incident-status" data-status={status}>
      {l(label)}
    </Tag>
  );
}

/** Severity of a Penal Code clause or of a traffic accident (the server filters on either). */
export function severityLabel(severity: string | null | undefined): Label | undefined {
  if (!severity) return undefined;
  return SEVERITY_LABELS[severity as SeverityClass] ?? TRAFFIC_SEVERITY_LABELS[severity as TrafficSeverity];
}

/** "còn N ngày" (green > 5, orange ≤ 5), "hết hạn hôm nay", "quá hạn N ngày" in red. */
export function DaysLeft({ daysLeft, overdue, strong }: { daysLeft: number | null; overdue: boolean; strong?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  if (daysLeft === null && !overdue) return null;
  let text: string;
  let color: string;
  if (overdue) {
    text = daysLeft !== null && daysLeft < 0 ? t('incidents.overdueDays', { count: -daysLeft, days: formatNumber(-daysLeft, lang) }) : t('incidents.overdueShort');
    color = '#cf1322';
  } else if (daysLeft === 0) {
    text = t('incidents.dueToday');
    color = '#d46b08';
  } else {
    text = t('incidents.daysLeft', { count: daysLeft ?? 0, days: formatNumber(daysLeft ?? 0, lang) });
    color = (daysLeft ?? 0) <= 5 ? '#d46b08' : '#389e0d';
  }
  return (
    <Typography.Text strong={strong} style={{ color }} data-testid="incident-days-left" data-overdue={overdue ? 'true' : 'false'}>
      {text}
    </Typography.Text>
  );
}

/** 1.234.567 đ */
export function formatVnd(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${formatNumber(value, 'vi')} đ`;
}

export const DATE_TIME_DISPLAY = 'DD/MM/YYYY HH:mm';

/**
 * Pickers show wall-clock time in Hanoi (UTC+7 all year, no daylight saving): the typed time is sent with
 * +07:00, whatever the browser's time zone.
 */
export function pickerToInstant(d: Dayjs): string {
  return `${d.format('YYYY-MM-DDTHH:mm')}:00+07:00`;
}

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function instantToPicker(iso: string): Dayjs {
  const p = Object.fromEntries(wallClock.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return dayjs(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`);
}

/** The current wall-clock minute in Hanoi as a picker value. */
export function nowPicker(): Dayjs {
  return instantToPicker(new Date().toISOString());
}
