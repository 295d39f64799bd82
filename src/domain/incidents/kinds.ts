import type { ReportSource } from '../law/legal-clock';
import { STATUS_LABELS as CLOCK_STATUS_LABELS } from '../law/legal-clock';

/**
 * The kinds of record in the incident registry (sổ tiếp nhận) and the statuses each kind moves through.
 * Crime-report statuses are those of the legal clock (src/domain/law/legal-clock.ts).
 */

export interface Label {
  readonly vi: string;
  readonly en: string;
}

export const INCIDENT_KINDS = ['crime_report', 'criminal_case', 'traffic_accident', 'fire', 'online_fraud'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_KIND_LABELS: Readonly<Record<IncidentKind, Label>> = {
  crime_report: { vi: 'Tố giác, tin báo về tội phạm, kiến nghị khởi tố', en: 'Crime report or tip' },
  criminal_case: { vi: 'Vụ án hình sự', en: 'Criminal case' },
  traffic_accident: { vi: 'Tai nạn giao thông', en: 'Traffic accident' },
  fire: { vi: 'Cháy, nổ', en: 'Fire or explosion' },
  online_fraud: { vi: 'Lừa đảo trên không gian mạng', en: 'Online fraud' },
};

/** Sources of a crime report (Criminal Procedure Code 2015, art. 144): same values as the legal clock. */
export const REPORT_SOURCES = ['to_giac', 'tin_bao', 'kien_nghi_khoi_to'] as const satisfies readonly ReportSource[];
export type { ReportSource };

export const REPORT_SOURCE_LABELS: Readonly<Record<ReportSource, Label>> = {
  to_giac: { vi: 'Tố giác về tội phạm', en: 'Crime report by an individual' },
  tin_bao: { vi: 'Tin báo về tội phạm', en: 'Crime information from an agency, organisation or the media' },
  kien_nghi_khoi_to: { vi: 'Kiến nghị khởi tố', en: 'Written request to prosecute from a state agency' },
};

/** Thường (ordinary) or mật (confidential: visible only to users cleared for it). */
export const CLASSIFICATIONS = ['thuong', 'mat'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const CLASSIFICATION_LABELS: Readonly<Record<Classification, Label>> = {
  thuong: { vi: 'Thường', en: 'Ordinary' },
  mat: { vi: 'Mật', en: 'Confidential' },
};

/** Statuses per kind, in their usual order. Crime reports use the legal clock's statuses. */
export const STATUSES = {
  crime_report: ['received', 'verifying', 'extended', 'case_opened', 'no_case', 'transferred', 'suspended', 'reopened'],
  criminal_case: ['investigating', 'suspended', 'solved', 'transferred', 'closed'],
  traffic_accident: ['received', 'investigating', 'concluded', 'transferred', 'closed'],
  fire: ['received', 'investigating', 'concluded', 'closed'],
  online_fraud: ['received', 'verifying', 'transferred', 'closed'],
} as const satisfies Record<IncidentKind, readonly string[]>;

export type StatusOf<K extends IncidentKind> = (typeof STATUSES)[K][number];
export type IncidentStatus = StatusOf<IncidentKind>;

const COMMON_STATUS_LABELS: Readonly<Record<string, Label>> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  verifying: { vi: 'Đang xác minh', en: 'Verifying' },
  investigating: { vi: 'Đang điều tra', en: 'Under investigation' },
  suspended: { vi: 'Tạm đình chỉ', en: 'Suspended' },
  solved: { vi: 'Đã điều tra làm rõ', en: 'Cleared' },
  concluded: { vi: 'Đã kết luận', en: 'Concluded' },
  transferred: { vi: 'Đã chuyển', en: 'Transferred' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

/** Labels of a status of a kind; undefined when the status does not belong to the kind. */
export function statusLabel(kind: IncidentKind, status: string): Label | undefined {
  if (!(STATUSES[kind] as readonly string[]).includes(status)) return undefined;
  if (kind === 'crime_report') return CLOCK_STATUS_LABELS[status as keyof typeof CLOCK_STATUS_LABELS];
  return COMMON_STATUS_LABELS[status];
}

export function isIncidentKind(value: string): value is IncidentKind {
  return (INCIDENT_KINDS as readonly string[]).includes(value);
}

export function isStatusOf(kind: IncidentKind, status: string): boolean {
  return (STATUSES[kind] as readonly string[]).includes(status);
}
