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

export function listIncidents(db: Q, scope: ScopeRanges, f: ListFilter) {
  let q = db
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
    ])
    .where(scopeCondition(scope));
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.fromInstant) q = q.where('i.occurredAt', '>=', new Date(f.fromInstant));
  if (f.toInstant) q = q.where('i.occurredAt', '<', new Date(f.toInstant));
  if (f.areaCode) q = f.areaCode.length === 5 ? q.where('i.areaCode', '=', f.areaCode) : q.where('a.parentCode', '=', f.areaCode);
  if (f.unitId) q = q.where('i.unitId', '=', f.unitId);
  if (f.category) q = q.where('i.category', '=', f.category);
  if (f.statGroup) q = q.where('i.statGroup', '=', f.statGroup);
  if (f.severity) q = q.where((eb) => eb.or([eb('i.severity', '=', f.severity!), eb('i.trafficSeverity', '=', f.severity!)]));
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.overdueBefore)
    q = q.where('i.kind', '=', 'crime_report').where('i.decidedOn', 'is', null).where('i.resolutionDue', '<', f.overdueBefore);
  if (f.dueBetween)
    q = q
      .where('i.kind', '=', 'crime_report')
      .where('i.decidedOn', 'is', null)
      .where('i.resolutionDue', '>=', f.dueBetween[0])
      .where('i.resolutionDue', '<=', f.dueBetween[1]);
  if (f.searchKey) q = q.where('i.searchKey', 'like', `%${f.searchKey}%`);
  if (f.searchKey && f.searchSkipsConfidential) q = q.where('i.classification', '<>', 'mat');
  if (f.after) {
    const { occurredAt, id } = f.after;
    // A row comparison, not an OR: the planner turns it into one range scan of the (occurred_at, id) index.
    q = q.where(sql<boolean>`(i.occurred_at, i.id) < (${new Date(occurredAt)}, ${id}::uuid)`);
  }
  return q.orderBy('i.occurredAt', 'desc').orderBy('i.id', 'desc').limit(f.limit).execute();
}
