import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

const unitColumns = ['u.id', 'u.code', 'u.name', 'u.kind', 'u.parentId', 'u.path', 'u.validFrom', 'u.validTo', 'u.cityWide'] as const;

export type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnit>>>;

export function validOn(date: string, alias = 'u') {
  return sql<boolean>`${sql.ref(`${alias}.valid_from`)} <= ${date} and (${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} >= ${date})`;
}

export function listUnitsUnder(db: Q, pathPrefix: string, o: { date?: string; kind?: string; q?: string; limit?: number } = {}) {
  let query = db.selectFrom('unit as u').select(unitColumns).where('u.path', 'like', `${pathPrefix}%`);
  if (o.date) query = query.where(validOn(o.date));
  if (o.kind) query = query.where('u.kind', '=', o.kind);
  if (o.q) {
    const like = `%${o.q.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(u.name)`, 'like', like), eb(sql`lower(u.code)`, 'like', like)]));
  }
  return query.orderBy('u.path').limit(o.limit ?? 10_000).execute();
}

export function findUnit(db: Q, id: string) {
  return db.selectFrom('unit as u').select(unitColumns).where('u.id', '=', id).executeTakeFirst();
}

export function findUnitByCode(db: Q, code: string) {
  return db.selectFrom('unit as u').select(unitColumns).where('u.code', '=', code).executeTakeFirst();
}

/** The city command (the unit of kind 'city', else the root). */
export async function findCityUnit(db: Q) {
  return (
    (await db.selectFrom('unit as u').select(unitColumns).where('u.kind', '=', 'city').orderBy('u.validFrom').executeTakeFirst()) ??
    (await db.selectFrom('unit as u').select(unitColumns).where('u.parentId', 'is', null).executeTakeFirst())
  );
}

/** Units with jurisdiction, on the date, over any of the areas (by code). */
export function unitsWithJurisdictionOver(db: Q, areaCodes: readonly string[], date: string) {
  return db
    .selectFrom('unitJurisdiction as j')
    .innerJoin('unit as u', 'u.id', 'j.unitId')
    .select(['u.id', 'u.code', 'u.name'])
    .where('j.areaCode', 'in', areaCodes)
    .where('j.validFrom', '<=', date)
    .where((eb) => eb.or([eb('j.validTo', 'is', null), eb('j.validTo', '>=', date)]))
    .orderBy('u.code')
    .execute();
}

export function findUnitsByIds(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('unit as u').select(unitColumns).where('u.id', 'in', ids).execute();
}

const refColumns = ['u.id', 'u.code', 'u.name', 'u.validFrom', 'u.validTo'] as const;

export function childrenOf(db: Q, id: string, date?: string) {
  let q = db.selectFrom('unit as u').select(refColumns).where('u.parentId', '=', id);
  if (date) q = q.where(validOn(date));
  return q.orderBy('u.code').execute();
}

export function predecessorsOf(db: Q, id: string) {
  return db
    .selectFrom('unitSuccession as s')
    .innerJoin('unit as u', 'u.id', 's.predecessorId')
    .select(refColumns)
    .where('s.successorId', '=', id)
    .orderBy('u.code')
    .execute();
}

export function successorsOf(db: Q, id: string) {
  return db
    .selectFrom('unitSuccession as s')
    .innerJoin('unit as u', 'u.id', 's.successorId')
    .select(refColumns)
    .where('s.predecessorId', '=', id)
    .orderBy('u.code')
    .execute();
}

export function jurisdictionOf(db: Q, id: string) {
  return db
    .selectFrom('unitJurisdiction as j')
    .innerJoin('area as a', (join) => join.onRef('a.code', '=', 'j.areaCode').onRef('a.validFrom', '=', 'j.areaValidFrom'))
    .select(['j.id', 'j.areaCode', 'a.fullName as areaFullName', 'j.areaValidFrom', 'j.validFrom', 'j.validTo'])
    .where('j.unitId', '=', id)
    .orderBy('j.validFrom')
    .orderBy('j.areaCode')
    .execute();
}

export interface NewUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  path: string;
  validFrom: string;
  validTo: string | null;
  cityWide: boolean;
}

export async function insertUnits(trx: Q, units: readonly NewUnit[]) {
  for (let i = 0; i < units.length; i += 500) await trx.insertInto('unit').values(units.slice(i, i + 500)).execute();
}

export async function insertSuccessions(trx: Q, rows: readonly { predecessorId: string; successorId: string }[]) {
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('unitSuccession').values(rows.slice(i, i + 500)).execute();
}

export interface NewJurisdiction {
  unitId: string;
  areaCode: string;
  areaValidFrom: string;
  validFrom: string;
  validTo: string | null;
}

export async function insertJurisdictions(trx: Q, rows: readonly NewJurisdiction[]) {
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('unitJurisdiction').values(rows.slice(i, i + 500)).execute();
}

export function updateUnit(trx: Q, id: string, fields: Partial<{ name: string; validTo: string | null; cityWide: boolean }>) {
  return trx.updateTable('unit').set(fields).where('id', '=', id).execute();
}

export async function countUnits(db: Q): Promise<number> {
  const r = await db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Ids of the units that the given units succeeded, transitively (their history). */
export async function predecessorClosure(db: Q, unitIds: readonly string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const r = await sql<{ id: string }>`
    with recursive chain(id) as (
      select s.predecessor_id from unit_succession s where s.successor_id in (${sql.join(unitIds)})
      union
      select s.predecessor_id from unit_succession s join chain c on s.successor_id = c.id
    )
    select id from chain`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * Areas (commune codes valid on the date) under the jurisdiction of the given units on the date; a
 * jurisdiction over a district or province covers its communes.
 */
export async function areasUnderJurisdiction(db: Q, unitIds: readonly string[], date: string) {
  if (unitIds.length === 0) return [];
  const r = await sql<{ code: string; fullName: string }>`
    with j as (
      select j.area_code from unit_jurisdiction j
      where j.unit_id in (${sql.join(unitIds)}) and j.valid_from <= ${date} and (j.valid_to is null or j.valid_to >= ${date})
    )
    select distinct a.code, a.full_name from area a
    where a.valid_from <= ${date} and (a.valid_to is null or a.valid_to >= ${date})
      and (a.code in (select area_code from j) or a.parent_code in (select area_code from j)
           or (a.level = 3 and a.province_code in (select area_code from j where length(area_code) = 2)))
    order by a.code`.execute(db);
  return r.rows;
}

/**
 * The communes under the jurisdiction of the given units, each with the dates it was (a district's
 * jurisdiction covers the communes under it, for the overlap of both intervals).
 */
export async function jurisdictionRanges(db: Q, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  // Two joins (the commune itself; the communes of a district) instead of one join on an OR, which the
  // planners turn into a nested loop over every area.
  const r = await sql<{ code: string; from: string; to: string }>`
    with j as (select * from unit_jurisdiction where unit_id in (${sql.join(unitIds)})),
    hits as (
      select a.code, a.valid_from as a_from, a.valid_to as a_to, j.valid_from as j_from, j.valid_to as j_to
      from j join area a on a.code = j.area_code and a.valid_from = j.area_valid_from and a.level = 3
      union all
      select a.code, a.valid_from, a.valid_to, j.valid_from, j.valid_to
      from j join area a on a.parent_code = j.area_code and a.level = 3
    )
    select distinct code, greatest(j_from, a_from)::text as "from",
      least(coalesce(j_to, '9999-12-31'::date), coalesce(a_to, '9999-12-31'::date))::text as "to"
    from hits
    where a_from <= coalesce(j_to, '9999-12-31'::date) and coalesce(a_to, '9999-12-31'::date) >= j_from
    order by 1, 2`.execute(db);
  return r.rows;
}
