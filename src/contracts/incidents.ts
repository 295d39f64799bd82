import { z } from 'zod';
import { INCIDENT_KINDS } from '../domain/incidents/kinds';
import { IDENTIFIER_KINDS } from '../domain/incidents/scam-identifiers';
import { ZIsoDate } from './areas';
import { ZInstant } from './common';

export const ZIncidentKind = z.enum(INCIDENT_KINDS);
export type TIncidentKind = z.infer<typeof ZIncidentKind>;
export const ZReportSource = z.enum(['to_giac', 'tin_bao', 'kien_nghi_khoi_to']);
export const ZClassification = z.enum(['thuong', 'mat']);
export { ZInstant };
export const ZPoint = z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });
const count = z.number().int().min(0);
const amount = z.number().int().min(0).max(1e15);

const common = {
  occurredAt: ZInstant,
  receivedAt: ZInstant,
  /** Commune code valid on the occurrence date. */
  areaCode: z.string().regex(/^\d{5}$/, 'mã xã, phường 5 chữ số / 5-digit commune code'),
  point: ZPoint.nullable().optional(),
  address: z.string().trim().max(500).default(''),
  unitId: z.uuid(),
  classification: ZClassification.default('thuong'),
  title: z.string().trim().min(1).max(200),
  narrative: z.string().max(20_000).default(''),
};

export const ZCreateCrimeReport = z.object({
  kind: z.literal('crime_report'),
  ...common,
  reportSource: ZReportSource,
  receivedBy: z.enum(['commune_police', 'investigating_body']).default('investigating_body'),
  remoteArea: z.boolean().default(false),
  article: z.string().regex(/^\d{1,3}[a-z]?$/).optional(),
  clause: z.number().int().min(1).max(9).optional(),
  suspects: count.max(1000).optional(),
  victims: count.max(100_000).optional(),
  reporterName: z.string().trim().max(200).optional(),
  reporterContact: z.string().trim().max(200).optional(),
});
export const ZCreateCriminalCase = z.object({
  kind: z.literal('criminal_case'),
  ...common,
  article: z.string().regex(/^\d{1,3}[a-z]?$/),
  clause: z.number().int().min(1).max(9),
  suspects: count.max(1000).optional(),
  victims: count.max(100_000).optional(),
  reportId: z.uuid().optional(),
});
export const ZCreateTrafficAccident = z.object({
  kind: z.literal('traffic_accident'),
  ...common,
  deaths: count.max(1000),
  injuries: count.max(10_000),
  damageVnd: amount.default(0),
  vehicles: count.max(1000).default(1),
  /** A death after 7 days is recorded as a supplementary record of the accident. */
  parentId: z.uuid().optional(),
});
export const ZCreateFire = z.object({
  kind: z.literal('fire'),
  ...common,
  deaths: count.max(1000),
  injuries: count.max(10_000),
  damageVnd: amount.default(0),
  premisesType: z.string().trim().max(100),
  cause: z.string().trim().max(200),
  urban: z.boolean(),
  rescued: count.max(10_000).default(0),
});
export const ZIdentifierInput = z.object({ kind: z.enum(IDENTIFIER_KINDS), value: z.string().trim().min(1).max(300) });
export const ZCreateOnlineFraud = z.object({
  kind: z.literal('online_fraud'),
  ...common,
  channel: z.string().trim().max(100),
  amountLostVnd: amount.default(0),
  identifiers: z.array(ZIdentifierInput).max(50).default([]),
});

export const ZCreateIncident = z.discriminatedUnion('kind', [
  ZCreateCrimeReport,
  ZCreateCriminalCase,
  ZCreateTrafficAccident,
  ZCreateFire,
  ZCreateOnlineFraud,
]);
export type TCreateIncident = z.infer<typeof ZCreateIncident>;

/** Editable fields (any subset) and the version the client read (optimistic concurrency). */
export const ZUpdateIncident = z.object({
  version: z.number().int().min(1),
  occurredAt: ZInstant.optional(),
  receivedAt: ZInstant.optional(),
  areaCode: common.areaCode.optional(),
  point: ZPoint.nullable().optional(),
  address: z.string().trim().max(500).optional(),
  unitId: z.uuid().optional(),
  classification: ZClassification.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  narrative: z.string().max(20_000).optional(),
  status: z.string().max(40).optional(),
  article: z.string().regex(/^\d{1,3}[a-z]?$/).optional(),
  clause: z.number().int().min(1).max(9).optional(),
  suspects: count.max(1000).optional(),
  victims: count.max(100_000).optional(),
  deaths: count.max(1000).optional(),
  injuries: count.max(10_000).optional(),
  damageVnd: amount.optional(),
  vehicles: count.max(1000).optional(),
  premisesType: z.string().trim().max(100).optional(),
  cause: z.string().trim().max(200).optional(),
  urban: z.boolean().optional(),
  rescued: count.max(10_000).optional(),
  channel: z.string().trim().max(100).optional(),
  amountLostVnd: amount.optional(),
  reporterName: z.string().trim().max(200).optional(),
  reporterContact: z.string().trim().max(200).optional(),
});
export type TUpdateIncident = z.infer<typeof ZUpdateIncident>;

/** A step of a crime report's legal clock. */
export const ZClockEventRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start_verification'), at: ZInstant.optional() }),
  z.object({ type: z.literal('extend'), at: ZInstant.optional(), by: z.enum(['investigating_body', 'procuracy']), until: ZIsoDate }),
  z.object({ type: z.literal('open_case'), at: ZInstant.optional(), article: z.string().regex(/^\d{1,3}[a-z]?$/), clause: z.number().int().min(1).max(9) }),
  z.object({ type: z.literal('no_case'), at: ZInstant.optional() }),
  z.object({ type: z.literal('transfer'), at: ZInstant.optional() }),
  z.object({
    type: z.literal('suspend'),
    at: ZInstant.optional(),
    reason: z.enum(['awaiting_expert_assessment', 'awaiting_asset_valuation', 'awaiting_foreign_judicial_assistance', 'awaiting_documents_or_objects']),
  }),
  z.object({ type: z.literal('reopen'), at: ZInstant.optional() }),
]);

export const ZClearRequest = z.object({ version: z.number().int().min(1), cleared: z.boolean(), clearedOn: ZIsoDate.nullable() });

export const ZDeadlines = z.object({
  receiptDayCounts: z.boolean(),
  resolutionDue: z.string().nullable(),
  extensionRequestDue: z.string().nullable(),
  absoluteLimit: z.string().nullable(),
  transferDue: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  /** The clock steps the current state allows. */
  allowed: z.array(z.string()),
});

export const ZIncident = z.object({
  id: z.string(),
  refNo: z.string(),
  kind: ZIncidentKind,
  status: z.string(),
  statusLabel: z.object({ vi: z.string(), en: z.string() }),
  classification: ZClassification,
  title: z.string(),
  /** null when the reader may not see sensitive fields. */
  narrative: z.string().nullable(),
  occurredAt: z.string(),
  occurredOn: z.string(),
  receivedAt: z.string(),
  areaCode: z.string(),
  areaFullName: z.string(),
  point: ZPoint.nullable(),
  address: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  category: z.string().nullable(),
  sourceCategory: z.string().nullable(),
  reportSource: ZReportSource.nullable(),
  article: z.string().nullable(),
  clause: z.number().nullable(),
  articleTitle: z.string().nullable(),
  severity: z.string().nullable(),
  statGroup: z.string().nullable(),
  cleared: z.boolean(),
  clearedOn: z.string().nullable(),
  suspects: z.number().nullable(),
  victims: z.number().nullable(),
  reporterName: z.string().nullable(),
  reporterContact: z.string().nullable(),
  reportId: z.string().nullable(),
  caseIds: z.array(z.string()),
  deaths: z.number().nullable(),
  injuries: z.number().nullable(),
  damageVnd: z.number().nullable(),
  vehicles: z.number().nullable(),
  trafficSeverity: z.string().nullable(),
  parentId: z.string().nullable(),
  premisesType: z.string().nullable(),
  cause: z.string().nullable(),
  urban: z.boolean().nullable(),
  rescued: z.number().nullable(),
  channel: z.string().nullable(),
  amountLostVnd: z.number().nullable(),
  identifiers: z.array(z.object({ kind: z.string(), value: z.string(), display: z.string() })),
  deadlines: ZDeadlines.nullable(),
  source: z.string(),
  externalId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TIncident = z.infer<typeof ZIncident>;

export const ZIncidentListQuery = z.object({
  kind: ZIncidentKind.optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  areaCode: z.string().regex(/^\d{2,5}$/).optional(),
  unitId: z.uuid().optional(),
  /** Penal Code article, or for other kinds their category. */
  category: z.string().max(60).optional(),
  statGroup: z.string().max(60).optional(),
  severity: z.string().max(60).optional(),
  status: z.string().max(40).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Crime reports whose resolution is due within N days (and not decided). */
  dueWithinDays: z.coerce.number().int().min(0).max(60).optional(),
  /** Text search, with or without diacritics (reference number, title, address, area). */
  q: z.string().trim().max(100).optional(),
  /**
   * `newest` (default): newest first. `due`: the open crime reports first by resolution due date — most days
   * overdue first, then the soonest due — then every other row newest first.
   */
  sort: z.enum(['newest', 'due']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TIncidentListQuery = z.infer<typeof ZIncidentListQuery>;

/** The list's total: the same filters; `exact=true` asks for an exact count however many rows match. */
export const ZIncidentCountQuery = ZIncidentListQuery.omit({ cursor: true, limit: true, sort: true }).extend({
  exact: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type TIncidentCountQuery = z.infer<typeof ZIncidentCountQuery>;

export const ZIncidentCount = z.object({
  /** Exact, or (exact=false) the query planner's estimate, never below `exactUpTo` + 1. */
  count: z.number().int().min(0),
  exact: z.boolean(),
  /** Totals up to this many rows are always counted exactly. */
  exactUpTo: z.number().int(),
  /** The Hanoi date "overdue" and "due within" are judged on. */
  asOf: z.string(),
});
export type TIncidentCount = z.infer<typeof ZIncidentCount>;

const ZDueCount = z.object({
  count: z.number().int().min(0),
  /** The list query (URL search string) whose total this count is. */
  listQuery: z.string(),
});
/** Crime reports in the actor's scope past their resolution due date, and due within `dueSoonDays` days. */
export const ZIncidentDueCounts = z.object({
  asOf: z.string(),
  dueSoonDays: z.number().int(),
  overdue: ZDueCount,
  dueSoon: ZDueCount,
});
export type TIncidentDueCounts = z.infer<typeof ZIncidentDueCounts>;

export const ZIncidentListItem = z.object({
  id: z.string(),
  refNo: z.string(),
  kind: ZIncidentKind,
  status: z.string(),
  statusLabel: z.object({ vi: z.string(), en: z.string() }),
  title: z.string(),
  occurredAt: z.string(),
  areaCode: z.string(),
  areaFullName: z.string(),
  unitName: z.string(),
  category: z.string().nullable(),
  severity: z.string().nullable(),
  classification: ZClassification,
  resolutionDue: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
});
export const ZIncidentList = z.object({ items: z.array(ZIncidentListItem), nextCursor: z.string().nullable() });

export const ZIncidentVersion = z.object({
  version: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export const ZIncidentHistory = z.object({ items: z.array(ZIncidentVersion) });
export const ZIncidentIdParams = z.object({ id: z.uuid() });

/** Penal Code articles for pickers: number, title, chapter, clauses with their severity. */
export const ZArticleListQuery = z.object({ q: z.string().trim().max(100).optional(), date: ZIsoDate.optional() });
export const ZArticleList = z.object({
  items: z.array(
    z.object({
      article: z.string(),
      title: z.string(),
      chapter: z.string(),
      statGroup: z.string().nullable(),
      clauses: z.array(z.object({ clause: z.number().int(), severity: z.string().nullable() })),
    }),
  ),
});
