import { EVENT_LEVEL_LABELS, EVENT_STATUS_LABELS, EVENT_TYPE_LABELS } from '../events/model';
import { CLASSIFICATION_LABELS, INCIDENT_KIND_LABELS, isIncidentKind, statusLabel } from '../incidents/kinds';
import { TRAFFIC_SEVERITY_LABELS } from '../incidents/traffic-severity';
import { GROUP_LABELS, SEVERITY_LABELS } from '../law/penal-code';
import { TARGET_STATUS_LABELS } from '../plans/targets';
import { TASK_STATUS_LABELS } from '../plans/tasks';

/**
 * The words an export writes instead of the internal codes (`it_nghiem_trong` → "Ít nghiêm trọng"), in the
 * reader's language. Every function answers for any input: a code it does not know is written as it is
 * (a file must never fail to export over a label), and an empty code as "(không xác định)".
 */

export type ExportLanguage = 'vi' | 'en';

export interface Labelled {
  readonly vi: string;
  readonly en: string;
}

const UNKNOWN: Labelled = { vi: '(không xác định)', en: '(unknown)' };

function from(
  table: Readonly<Record<string, Labelled>>,
  code: string | null | undefined,
  lang: ExportLanguage,
): string {
  if (code === null || code === undefined || code === '') return UNKNOWN[lang];
  return Object.hasOwn(table, code) ? table[code]![lang] : code;
}

/** Loại vụ việc: `crime_report` → "Tố giác, tin báo về tội phạm, kiến nghị khởi tố". */
export function kindLabel(kind: string, lang: ExportLanguage): string {
  return from(INCIDENT_KIND_LABELS, kind, lang);
}

/** Trạng thái of a record of a kind (crime reports: the legal clock's statuses). */
export function incidentStatusLabel(kind: string, status: string, lang: ExportLanguage): string {
  const label = isIncidentKind(kind) ? statusLabel(kind, status) : undefined;
  return label ? label[lang] : status || UNKNOWN[lang];
}

/**
 * Mức độ: the Penal Code class (art. 9) of a crime, or for a traffic accident the class of Circular 26
 * (the two share codes such as `nghiem_trong`, so the kind decides which table reads it).
 */
export function severityLabel(code: string | null | undefined, lang: ExportLanguage, kind?: string): string {
  if (!code) return '';
  if (kind === 'traffic_accident' && Object.hasOwn(TRAFFIC_SEVERITY_LABELS, code))
    return from(TRAFFIC_SEVERITY_LABELS, code, lang);
  if (Object.hasOwn(SEVERITY_LABELS, code)) return from(SEVERITY_LABELS, code, lang);
  return from(TRAFFIC_SEVERITY_LABELS, code, lang);
}

/** Nhóm thống kê (statistical group of government reports). */
export function statGroupLabel(code: string | null | undefined, lang: ExportLanguage): string {
  return from(GROUP_LABELS, code, lang);
}

export function classificationLabel(code: string, lang: ExportLanguage): string {
  return from(CLASSIFICATION_LABELS, code, lang);
}

export function eventTypeLabel(code: string, lang: ExportLanguage): string {
  return from(EVENT_TYPE_LABELS, code, lang);
}

export function eventLevelLabel(code: string, lang: ExportLanguage): string {
  return from(EVENT_LEVEL_LABELS, code, lang);
}

export function eventStatusLabel(code: string, lang: ExportLanguage): string {
  return from(EVENT_STATUS_LABELS, code, lang);
}

export function taskStatusLabel(code: string, lang: ExportLanguage): string {
  return from(TASK_STATUS_LABELS, code, lang);
}

export function targetStatusLabel(code: string, lang: ExportLanguage): string {
  return from(TARGET_STATUS_LABELS, code, lang);
}

/**
 * The name of a row of a statistics breakdown in the reader's language. The statistics service names rows
 * in Vietnamese; rows keyed by a code (statistical group, severity, kind, event type and level) are named
 * again from the code, and the empty key (no value recorded) says so. Rows keyed by a name (areas, units,
 * articles of the Penal Code, dates) keep the service's label.
 */
export function breakdownRowLabel(breakdown: string, key: string, label: string, lang: ExportLanguage): string {
  switch (breakdown) {
    case 'stat_group':
      return statGroupLabel(key, lang);
    case 'severity':
      return key === '' ? UNKNOWN[lang] : severityLabel(key, lang);
    case 'kind':
      return kindLabel(key, lang);
    case 'event_type':
      return eventTypeLabel(key, lang);
    case 'event_level':
      return eventLevelLabel(key, lang);
    default:
      return key === '' ? UNKNOWN[lang] : label;
  }
}
