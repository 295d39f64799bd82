import type { TStatMetric, TStatResult } from '../../../contracts/stats';
import type { IncidentKind } from '../../../domain/incidents/kinds';
import type { Measure } from './stats.repository';

/** What each metric counts: the incidents it selects and the measure(s) it sums. */
export interface MetricDef {
  kind?: IncidentKind;
  statGroup?: string;
  num: Measure;
  /** Rates: num / den × 100. */
  den?: Measure;
  unit: TStatResult['unit'];
  label: { vi: string; en: string };
  /** How the change is phrased. */
  noun: { vi: string; en: string; enSingular?: string };
  /** Answered from the protected events: their count, the absolutely safe ones, or the safe share. */
  events?: 'protected' | 'safe' | 'share';
}

const CASES = { vi: 'vụ', en: 'cases', enSingular: 'case' };
const PEOPLE = { vi: 'người', en: 'people', enSingular: 'person' };
const VND = { vi: 'đồng', en: 'VND' };
export const PP = { vi: 'điểm phần trăm', en: 'percentage points' };
const EVENTS = { vi: 'sự kiện', en: 'events', enSingular: 'event' };

export const METRICS: Record<TStatMetric, MetricDef> = {
  incidents: { num: 'n', unit: 'count', noun: CASES, label: { vi: 'Số vụ việc', en: 'Incidents' } },
  crime_reports: {
    kind: 'crime_report',
    num: 'n',
    unit: 'count',
    noun: CASES,
    label: { vi: 'Tố giác, tin báo về tội phạm', en: 'Crime reports' },
  },
  crime_cases: {
    kind: 'criminal_case',
    num: 'n',
    unit: 'count',
    noun: CASES,
    label: { vi: 'Vụ án hình sự', en: 'Criminal cases' },
  },
  social_order_crime: {
    kind: 'criminal_case',
    statGroup: 'trat_tu_xa_hoi',
    num: 'n',
    unit: 'count',
    noun: CASES,
    label: { vi: 'Tội phạm về trật tự xã hội', en: 'Social-order crime' },
  },
  clearance_rate: {
    kind: 'criminal_case',
    num: 'cleared',
    den: 'n',
    unit: 'percent',
    noun: PP,
    label: { vi: 'Tỷ lệ điều tra khám phá', en: 'Clearance rate' },
  },
  clearance_rate_trong_an: {
    kind: 'criminal_case',
    num: 'cleared_ta',
    den: 'n_ta',
    unit: 'percent',
    noun: PP,
    label: { vi: 'Tỷ lệ khám phá trọng án', en: 'Clearance rate of very serious and especially serious cases' },
  },
  report_resolution_rate: {
    kind: 'crime_report',
    num: 'decided',
    den: 'n',
    unit: 'percent',
    noun: PP,
    label: { vi: 'Tỷ lệ giải quyết tố giác, tin báo', en: 'Crime-report resolution rate' },
  },
  traffic_accidents: {
    kind: 'traffic_accident',
    num: 'n',
    unit: 'count',
    noun: CASES,
    label: { vi: 'Số vụ tai nạn giao thông', en: 'Traffic accidents' },
  },
  traffic_deaths: {
    kind: 'traffic_accident',
    num: 'deaths',
    unit: 'people',
    noun: PEOPLE,
    label: { vi: 'Số người chết do tai nạn giao thông', en: 'Traffic deaths' },
  },
  traffic_injuries: {
    kind: 'traffic_accident',
    num: 'injuries',
    unit: 'people',
    noun: PEOPLE,
    label: { vi: 'Số người bị thương do tai nạn giao thông', en: 'Traffic injuries' },
  },
  fires: {
    kind: 'fire',
    num: 'n',
    unit: 'count',
    noun: CASES,
    label: { vi: 'Số vụ cháy, nổ', en: 'Fires and explosions' },
  },
  fire_deaths: {
    kind: 'fire',
    num: 'deaths',
    unit: 'people',
    noun: PEOPLE,
    label: { vi: 'Số người chết do cháy, nổ', en: 'Fire deaths' },
  },
  fire_injuries: {
    kind: 'fire',
    num: 'injuries',
    unit: 'people',
    noun: PEOPLE,
    label: { vi: 'Số người bị thương do cháy, nổ', en: 'Fire injuries' },
  },
  fire_damage: {
    kind: 'fire',
    num: 'damage',
    unit: 'vnd',
    noun: VND,
    label: { vi: 'Thiệt hại do cháy, nổ (đồng)', en: 'Fire damage (VND)' },
  },
  fraud_reports: {
    kind: 'online_fraud',
    num: 'n',
    unit: 'count',
    noun: CASES,
    label: { vi: 'Số vụ lừa đảo trên không gian mạng', en: 'Online fraud reports' },
  },
  fraud_losses: {
    kind: 'online_fraud',
    num: 'amount_lost',
    unit: 'vnd',
    noun: VND,
    label: { vi: 'Thiệt hại do lừa đảo trên mạng (đồng)', en: 'Online fraud losses (VND)' },
  },
  events_protected: {
    events: 'protected',
    num: 'n',
    unit: 'count',
    noun: EVENTS,
    label: { vi: 'Số sự kiện được bảo vệ', en: 'Events protected' },
  },
  events_safe: {
    events: 'safe',
    num: 'n',
    unit: 'count',
    noun: EVENTS,
    label: { vi: 'Số sự kiện bảo vệ tuyệt đối an toàn', en: 'Events protected without incident' },
  },
  events_safe_share: {
    events: 'share',
    num: 'n',
    den: 'n',
    unit: 'percent',
    noun: PP,
    label: { vi: 'Tỷ lệ sự kiện bảo vệ tuyệt đối an toàn', en: 'Share of events protected without incident' },
  },
};
