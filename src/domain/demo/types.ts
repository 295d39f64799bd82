import type { DateString } from '../calendar/dates';
import type { ExtensionAuthority, ReceivingUnit, ReportSource } from '../law/legal-clock';

/** A commune (phường, xã, thị trấn, đặc khu) of any generation, as the server reads it from its database. */
export interface DemoCommune {
  code: string;
  validFrom: DateString;
  validTo: DateString | null;
  fullName: string;
  type: string;
  parentCode: string | null;
  /** Relative activity (e.g. population); default: phường 3, thị trấn 1.5, others 1. */
  weight?: number;
}

/** Codes of the departments the generator hands cases to. */
export type DepartmentCode = 'PC02' | 'PC03' | 'PC04' | 'PC07' | 'PC08' | 'PA05';

export interface DemoInput {
  /** --seed (default 1). */
  seed: number;
  /** --scale: multiplies volumes (1 = a city of 8.5 million). */
  scale: number;
  /** First day, 'YYYY-MM-DD' (Hanoi). */
  from: DateString;
  /** Last day (today), 'YYYY-MM-DD' (Hanoi). Nothing is received, decided or cleared after it. */
  until: DateString;
  /** Hanoi communes of every generation. */
  communes: readonly DemoCommune[];
  /** The commune police unit in charge of an area on a date (null when none). */
  unitFor: (areaCode: string, date: DateString) => string | null;
  /** City-wide departments: PC02, PC03, PC04, PC07, PC08, PA05 (others are ignored). */
  departmentUnits: readonly { code: string; id: string }[];
  /** Point → code of the 2025 commune containing it (boundaries valid from 2025-07-01). */
  locate?: (lon: number, lat: number) => string | null;
  /** Bounding box [minLon, minLat, maxLon, maxLat] of a 2025 commune. */
  bboxOf?: (code: string) => [number, number, number, number] | null;
  /**
   * Optional lineage: the 2025 communes an older commune (code, validFrom) went into. Points of older
   * records are drawn inside one of them; without it, inside the 2025 commune with the same code, if any.
   */
  successorsOf?: (code: string, validFrom: DateString) => readonly string[];
}

export type DemoKind = 'crime_report' | 'criminal_case' | 'traffic_accident' | 'fire' | 'online_fraud';

export type DemoDecisionKind = 'case_opened' | 'no_case' | 'transferred' | 'suspended';

export interface DemoIncident {
  /** Deterministic and unique: `demo-<seed>-<yyyymmdd>-<stream><n>`; stable when `until` moves on. */
  externalId: string;
  kind: DemoKind;
  /** ISO instants (UTC); receivedAt ≥ occurredAt, neither after the end of `until`. */
  occurredAt: string;
  receivedAt: string;
  /** Commune code valid on the occurrence date (Hanoi). */
  areaCode: string;
  /** [lon, lat]; inside the commune (locate(point) === areaCode) for dates from 2025-07-01. */
  point: [number, number] | null;
  address: string;
  unitId: string;
  status: string;
  classification: 'thuong' | 'mat';
  title: string;
  // crime (crime_report and criminal_case)
  article?: string;
  clause?: number;
  reportSource?: ReportSource;
  /** Crime reports: who received it (commune police transfer within 24 h). */
  receivedBy?: ReceivingUnit;
  cleared?: boolean;
  clearedOn?: DateString | null;
  suspects?: number;
  victims?: number;
  /** Crime reports: the decision, when taken on or before `until`. */
  decision?: { kind: DemoDecisionKind; on: DateString } | null;
  /** Crime reports: lawful extensions of the time limit (legal clock `extend` events). */
  extensions?: { by: ExtensionAuthority; on: DateString; until: DateString }[];
  // traffic and fire
  deaths?: number;
  injuries?: number;
  damageVnd?: number;
  vehicles?: number;
  // fire
  premisesType?: string;
  cause?: string;
  urban?: boolean;
  rescued?: number;
  // online fraud
  channel?: string;
  amountLostVnd?: number;
  identifiers?: { kind: 'phone' | 'bank_account' | 'url' | 'social'; value: string }[];
}
