import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';
import type { ScopeRanges } from '../units/units.service';

type Q = Kysely<DB> | Transaction<DB>;
export type IncidentInsert = Parameters<ReturnType<Q['insertInto']>['values']>[0];

/** Columns the API shows, with the names of the area and unit. */
export function selectIncident(db: Q) {
  return db
    .selectFrom('incident as i')
    .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'i.areaCode').onRef('a.validFrom', '=', 'i.areaValidFrom'))
    .innerJoin('unit as u', 'u.id', 'i.unitId')
    .selectAll('i')
    .select(['a.fullName as areaFullName', 'u.name as unitName', 'u.path as unitPath']);
}
export type IncidentRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectIncident>['executeTakeFirst']>>>;

export function findIncident(db: Q, id: string) {
  return selectIncident(db).where('i.id', '=', id).executeTakeFirst();
}

export function lockIncident(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('incident').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A reference number as people write it: TB-2025-000123. */
export const formatRefNo = (prefix: string, year: number | string, n: number) => `${prefix}-${year}-${String(n).padStart(6, '0')}`;

/** Reserves `n` reference numbers of a prefix and year at once (counted in the database); returns the first. */
export async function reserveRefNos(db: Q, prefix: string, year: number, n: number): Promise<number> {
  const r = await sql<{ last: number }>`
    insert into incident_ref_counter (prefix, year, last) values (${prefix}, ${year}, ${n})
    on conflict (prefix, year) do update set last = incident_ref_counter.last + ${n}
    returning last`.execute(db);
  return Number(r.rows[0]!.last) - n + 1;
}

/** The next reference number of a prefix and year. */
export async function nextRefNo(trx: Q, prefix: string, year: number): Promise<string> {
  return formatRefNo(prefix, year, await reserveRefNos(trx, prefix, year, 1));
}

/** Moves a counter up to at least `last` (numbers assigned outside reserveRefNos, e.g. by the demo seed). */
export async function raiseRefCounter(db: Q, prefix: string, year: number, last: number) {
  await sql`insert into incident_ref_counter (prefix, year, last) values (${prefix}, ${year}, ${last})
    on conflict (prefix, year) do update set last = greatest(incident_ref_counter.last, excluded.last)`.execute(db);
}

export async function insertIncident(trx: Q, row: Record<string, unknown>) {
  await trx.insertInto('incident').values(row as never).execute();
}

export async function updateIncident(trx: Q, id: string, fields: Record<string, unknown>) {
  await trx.updateTable('incident').set(fields as never).where('id', '=', id).execute();
}

export async function insertIdentifiers(trx: Q, incidentId: string, ids: readonly { kind: string; value: string; display: string }[]) {
  if (ids.length === 0) return;
  await trx
    .insertInto('incidentIdentifier')
    .values(ids.map((i) => ({ incidentId, ...i })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function identifiersOf(db: Q, incidentId: string) {
  return db.selectFrom('incidentIdentifier').select(['kind', 'value', 'display']).where('incidentId', '=', incidentId).orderBy('kind').orderBy('value').execute();
}

export async function caseIdsOf(db: Q, reportId: string): Promise<string[]> {
  const rows = await db.selectFrom('incident').select('id').where('reportId', '=', reportId).execute();
  return rows.map((r) => r.id);
}

export async function insertVersion(
  trx: Q,
  v: { incidentId: string; version: number; at: Date; actorId: string | null; actorName: string; action: string; changes: Record<string, unknown> },
) {
  await trx
    .insertInto('incidentVersion')
    .values({ ...v, changes: JSON.stringify(v.changes) })
    .execute();
}

export function versionsOf(db: Q, incidentId: string) {
  return db.selectFrom('incidentVersion').selectAll().where('incidentId', '=', incidentId).orderBy('version', 'desc').execute();
}

export interface ListFilter {
  kind?: string;
  fromInstant?: string;
  toInstant?: string;
  areaCode?: string;
  unitId?: string;
  category?: string;
  statGroup?: string;
  severity?: string;
  status?: string;
  overdueBefore?: string;
  dueBetween?: [string, string];
  searchKey?: string;
  /** Text search skips records classified `mật` (their title and address are not the reader's to search). */
  searchSkipsConfidential?: boolean;
  after?: { occurredAt: string; id: string };
  /** The cursor of the "by deadline" order's first part (open crime reports, by resolution due date). */
  afterDue?: { due: string; id: string };
  limit: number;
}

/** The scope as a WHERE condition: handled by one of the units, or in one of the communes while in jurisdiction. */
export function scopeCondition(scope: ScopeRanges) {
  if (scope.all) return sql<boolean>`true`;
  const parts = [
    ...(scope.unitIds.length ? [sql`i.unit_id in (${sql.join(scope.unitIds)})`] : []),
    ...scope.ranges.map((r) => sql`(i.area_code = ${r.code} and i.occurred_on between ${r.from} and ${r.to})`),
  ];
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`false`;
}

/** A crime report whose resolution clock runs (not decided, not suspended): the rows of the partial index incident_due_idx. */
const OPEN_REPORT = sql<boolean>`(i.kind = 'crime_report' and i.decided_on is null and i.resolution_due is not null)`;

/**
 * Scope and filters as one WHERE condition over `incident as i`. The list, its total and the home page's
 * due counts all use it, so a count always equals the number of rows the list pages through.
 */
export function filterCondition(scope: ScopeRanges, f: Omit<ListFilter, 'limit' | 'after' | 'afterDue'>) {
  const c = [scopeCondition(scope)];
  if (f.kind) c.push(sql`i.kind = ${f.kind}`);
  if (f.fromInstant) c.push(sql`i.occurred_at >= ${new Date(f.fromInstant)}`);
  if (f.toInstant) c.push(sql`i.occurred_at < ${new Date(f.toInstant)}`);
  if (f.areaCode)
    c.push(
      f.areaCode.length === 5
        ? sql`i.area_code = ${f.areaCode}`
        : sql`(i.area_code, i.area_valid_from) in (select code, valid_from from area where parent_code = ${f.areaCode})`,
    );
  if (f.unitId) c.push(sql`i.unit_id = ${f.unitId}::uuid`);
  if (f.category) c.push(sql`i.category = ${f.category}`);
  if (f.statGroup) c.push(sql`i.stat_group = ${f.statGroup}`);
  if (f.severity) c.push(sql`(i.severity = ${f.severity} or i.traffic_severity = ${f.severity})`);
  if (f.status) c.push(sql`i.status = ${f.status}`);
  // Written as the partial index's predicate (kind, decided_on) so both engines use incident_due_idx.
  if (f.overdueBefore) c.push(sql`(i.kind = 'crime_report' and i.decided_on is null and i.resolution_due < ${f.overdueBefore})`);
  if (f.dueBetween)
    c.push(sql`(i.kind = 'crime_report' and i.decided_on is null and i.resolution_due between ${f.dueBetween[0]} and ${f.dueBetween[1]})`);
  if (f.searchKey) c.push(sql`i.search_key like ${`%${f.searchKey}%`}`);
  if (f.searchKey && f.searchSkipsConfidential) c.push(sql`i.classification <> 'mat'`);
  return sql<boolean>`${sql.join(c, sql` and `)}`;
}

function listSelect(db: Q) {
  return db
    .selectFrom('incident as i')
    .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'i.areaCode').onRef('a.validFrom', '=', 'i.areaValidFrom'))
    .innerJoin('unit as u', 'u.id', 'i.unitId')
    .select([
      'i.id',
      'i.refNo',
      'i.kind',
      'i.status',
      'i.title',
      'i.occurredAt',
      'i.areaCode',
      'a.fullName as areaFullName',
      'u.name as unitName',
      'i.category',
      'i.severity',
      'i.trafficSeverity',
      'i.classification',
      'i.resolutionDue',
      'i.decidedOn',
    ]);
}
export type IncidentListRow = Awaited<ReturnType<typeof listIncidents>>[number];

/** Newest first (keyset on occurred_at, id); `exceptOpenReports` leaves out the rows `listOpenReportsByDue` gives. */
export function listIncidents(db: Q, scope: ScopeRanges, f: ListFilter & { exceptOpenReports?: boolean }) {
  let q = listSelect(db).where(filterCondition(scope, f));
  if (f.exceptOpenReports) q = q.where(sql<boolean>`not ${OPEN_REPORT}`);
  if (f.after) {
    const { occurredAt, id } = f.after;
    // A row comparison, not an OR: the planner turns it into one range scan of the (occurred_at, id) index.
    q = q.where(sql<boolean>`(i.occurred_at, i.id) < (${new Date(occurredAt)}, ${id}::uuid)`);
  }
  return q.orderBy('i.occurredAt', 'desc').orderBy('i.id', 'desc').limit(f.limit).execute();
}

/**
 * The open crime reports among the filtered rows, by resolution due date (most days overdue first, then
 * the soonest due), keyset on (resolution_due, id). Reads the partial index incident_due_idx.
 */
export function listOpenReportsByDue(db: Q, scope: ScopeRanges, f: ListFilter) {
  let q = listSelect(db).where(filterCondition(scope, f)).where(OPEN_REPORT);
  if (f.afterDue) q = q.where(sql<boolean>`(i.resolution_due, i.id) > (${f.afterDue.due}::date, ${f.afterDue.id}::uuid)`);
  return q.orderBy('i.resolutionDue', 'asc').orderBy('i.id', 'asc').limit(f.limit).execute();
}

/** The exact number of filtered rows; with `cap`, counts at most cap + 1 (reads no more rows than that). */
export async function countIncidents(db: Q, scope: ScopeRanges, f: Omit<ListFilter, 'limit'>, cap?: number): Promise<number> {
  const where = filterCondition(scope, f);
  const r =
    cap === undefined
      ? await sql<{ n: number }>`select count(*) as n from incident i where ${where}`.execute(db)
      : await sql<{ n: number }>`select count(*) as n from (select 1 from incident i where ${where} limit ${cap + 1}) s`.execute(db);
  return Number(r.rows[0]!.n);
}

/** The planner's estimate of the number of filtered rows (EXPLAIN, nothing read): instant, and only an estimate. */
export async function estimateIncidents(db: Q, scope: ScopeRanges, f: Omit<ListFilter, 'limit'>): Promise<number> {
  const r = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) select 1 from incident i where ${filterCondition(scope, f)}`.execute(db);
  const raw = r.rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(plan[0]!.Plan['Plan Rows']);
}
