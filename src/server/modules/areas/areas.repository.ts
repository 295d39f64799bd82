import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';
import { toSearchKey } from '../../../domain/text/vietnamese';
import type { AreaDataset, BoundaryRecord, GenerationRecord } from './reference-data';

type Q = Kysely<DB> | Transaction<DB>;

const CHUNK = 500;
async function inChunks<T>(rows: readonly T[], size: number, fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

export async function countAreas(db: Q): Promise<number> {
  const r = await db.selectFrom('area').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertGeneration(trx: Q, g: GenerationRecord, now: Date) {
  await trx
    .insertInto('areaGeneration')
    .values({ id: g.id, label: g.label, validFrom: g.validFrom, validTo: g.validTo, source: g.source, importedAt: now })
    .execute();
}

export async function insertAreas(trx: Q, areas: AreaDataset['areas']) {
  // The province of each area: itself, its parent, or its district's parent.
  const districtProvince = new Map<string, string>();
  for (const a of areas) if (a.level === 2 && a.parentCode) districtProvince.set(a.code, a.parentCode);
  const provinceOf = (a: AreaDataset['areas'][number]): string => {
    if (a.level === 1) return a.code;
    const parent = a.parentCode ?? '';
    return parent.length === 2 ? parent : (districtProvince.get(parent) ?? '');
  };
  await inChunks(areas, CHUNK, (chunk) =>
    trx
      .insertInto('area')
      .values(
        chunk.map((a) => ({
          code: a.code,
          validFrom: a.validFrom,
          validTo: a.validTo,
          name: a.name,
          fullName: a.fullName,
          type: a.type,
          level: a.level,
          parentCode: a.parentCode,
          provinceCode: provinceOf(a),
          searchKey: `${toSearchKey(a.fullName)} ${a.code}`,
          generationId: a.generationId,
        })),
      )
      .execute(),
  );
}

export async function insertLinks(trx: Q, links: AreaDataset['links']) {
  await inChunks(links, CHUNK, (chunk) => trx.insertInto('areaLink').values(chunk.map((l) => ({ ...l }))).execute());
}

export async function insertUnmapped(trx: Q, unmapped: AreaDataset['unmapped']) {
  await inChunks(unmapped, CHUNK, (chunk) =>
    trx
      .insertInto('areaUnmapped')
      .values(chunk.map((u) => ({ code: u.code, validFrom: u.validFrom, fullName: u.fullName, reason: u.reason, nextFullName: u.nextFullName ?? null })))
      .execute(),
  );
}

export async function insertBoundaries(trx: Q, boundaries: readonly BoundaryRecord[]) {
  await inChunks(boundaries, 10, (chunk) =>
    trx
      .insertInto('areaBoundary')
      .values(
        chunk.map((b) => ({
          code: b.code,
          validFrom: b.validFrom,
          geometry: JSON.stringify(b.geometry),
          displayGeometry: JSON.stringify(b.displayGeometry),
        })),
      )
      .execute(),
  );
}

/** Ends the current communes of the given provinces the day before a new generation starts. */
export async function closeCurrentCommunes(trx: Q, provinceCodes: string[], lastDay: string): Promise<number> {
  if (provinceCodes.length === 0) return 0;
  const r = await trx
    .updateTable('area')
    .set({ validTo: lastDay })
    .where('level', '=', 3)
    .where('validTo', 'is', null)
    .where('provinceCode', 'in', provinceCodes)
    .where('validFrom', '<=', lastDay)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function currentCommunes(db: Q, provinceCodes: string[], onDate: string) {
  return db
    .selectFrom('area')
    .select(['code', 'validFrom', 'fullName', 'provinceCode'])
    .where('level', '=', 3)
    .where('provinceCode', 'in', provinceCodes)
    .where('validFrom', '<=', onDate)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', onDate)]))
    .execute();
}

const areaColumns = [
  'a.code',
  'a.name',
  'a.fullName',
  'a.type',
  'a.level',
  'a.parentCode',
  'a.validFrom',
  'a.validTo',
  'a.population',
  'p.fullName as parentName',
  sql<boolean>`exists (select 1 from area_boundary b where b.code = a.code and b.valid_from = a.valid_from)`.as('hasBoundary'),
] as const;

function validOn(date: string) {
  return sql<boolean>`a.valid_from <= ${date} and (a.valid_to is null or a.valid_to >= ${date})`;
}

function withParent(db: Q) {
  return db
    .selectFrom('area as a')
    .leftJoin('area as p', (join) =>
      join
        .onRef('p.code', '=', 'a.parentCode')
        .on((eb) => eb.and([eb('p.validFrom', '<=', eb.ref('a.validFrom')), eb.or([eb('p.validTo', 'is', null), eb('p.validTo', '>=', eb.ref('a.validFrom'))])])),
    );
}

export async function listAreas(
  db: Q,
  q: { date: string; province: string; level?: number; parentCode?: string; type?: string; search?: string; limit: number; offset: number },
) {
  let query = withParent(db).where(validOn(q.date));
  if (q.province !== 'all') query = query.where('a.provinceCode', '=', q.province);
  if (q.level) query = query.where('a.level', '=', q.level);
  if (q.parentCode) query = query.where('a.parentCode', '=', q.parentCode);
  if (q.type) query = query.where('a.type', '=', q.type);
  if (q.search) {
    const key = toSearchKey(q.search);
    query = query.where((eb) => eb.or([eb('a.searchKey', 'like', `%${key}%`), eb('a.code', 'like', `${q.search}%`)]));
  }
  const [items, total] = await Promise.all([
    query.select(areaColumns).orderBy('a.level').orderBy('a.code').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function findAreaOn(db: Q, code: string, date: string) {
  return withParent(db).select(areaColumns).where('a.code', '=', code).where(validOn(date)).executeTakeFirst();
}

/** The latest version of a code (for a code asked about outside its validity). */
export function findLatestArea(db: Q, code: string) {
  return withParent(db).select(areaColumns).where('a.code', '=', code).orderBy('a.validFrom', 'desc').executeTakeFirst();
}

export async function countChildren(db: Q, code: string, date: string): Promise<number> {
  const r = await db
    .selectFrom('area as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.parentCode', '=', code)
    .where(validOn(date))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function linksFrom(db: Q, code: string, validFrom: string) {
  return db
    .selectFrom('areaLink as l')
    .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'l.toCode').onRef('a.validFrom', '=', 'l.toValidFrom'))
    .select(['a.code', 'a.fullName', 'a.validFrom', 'a.validTo', 'l.relation'])
    .where('l.fromCode', '=', code)
    .where('l.fromValidFrom', '=', validFrom)
    .orderBy('a.code')
    .execute();
}

export function linksTo(db: Q, code: string, validFrom: string) {
  return db
    .selectFrom('areaLink as l')
    .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'l.fromCode').onRef('a.validFrom', '=', 'l.fromValidFrom'))
    .select(['a.code', 'a.fullName', 'a.validFrom', 'a.validTo', 'l.relation'])
    .where('l.toCode', '=', code)
    .where('l.toValidFrom', '=', validFrom)
    .orderBy('a.code')
    .execute();
}

export function findUnmapped(db: Q, code: string, validFrom: string) {
  return db.selectFrom('areaUnmapped').selectAll().where('code', '=', code).where('validFrom', '=', validFrom).executeTakeFirst();
}

/** Generations with their commune and district counts in a province on their first day. */
export function listGenerations(db: Q, province: string) {
  const on = (level: number) =>
    sql<number>`(select count(*) from area a where a.level = ${level} and a.province_code = ${province}
      and a.valid_from <= g.valid_from and (a.valid_to is null or a.valid_to >= g.valid_from))::int`;
  return db
    .selectFrom('areaGeneration as g')
    .select(['g.id', 'g.label', 'g.validFrom', 'g.validTo', 'g.importedAt', on(3).as('communes'), on(2).as('districts')])
    .orderBy('g.validFrom')
    .execute();
}

/** Cheap change stamp of the area catalogue (for in-memory caches shared by several processes). */
export async function catalogStamp(db: Q): Promise<string> {
  const r = await sql<{ n: number; at: Date | null }>`select count(*)::int as n, max(imported_at) as at from area_generation`.execute(db);
  const row = r.rows[0];
  return `${row?.n ?? 0}:${row?.at ? new Date(row.at).getTime() : 0}`;
}

export function areasOfGeneration(db: Q, generationId: string) {
  return db.selectFrom('area').select(['code', 'validFrom', 'fullName']).where('generationId', '=', generationId).execute();
}

export function findGeneration(db: Q, id: string) {
  return db.selectFrom('areaGeneration').select('id').where('id', '=', id).executeTakeFirst();
}

export function allAreas(db: Q) {
  return db.selectFrom('area').select(['code', 'name', 'fullName', 'type', 'level', 'parentCode', 'validFrom', 'validTo', 'provinceCode']).execute();
}

export function allLinks(db: Q) {
  return db.selectFrom('areaLink').select(['fromCode', 'fromValidFrom', 'toCode', 'toValidFrom', 'relation']).execute();
}

export function allUnmapped(db: Q) {
  return db.selectFrom('areaUnmapped').selectAll().execute();
}

export function boundaries(db: Q, which: 'geometry' | 'displayGeometry') {
  return db
    .selectFrom('areaBoundary as b')
    .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'b.code').onRef('a.validFrom', '=', 'b.validFrom'))
    .select(['b.code', 'b.validFrom', 'a.validTo', 'a.level', 'a.name', 'a.fullName', 'a.type', `b.${which} as geometry`])
    .execute();
}

/** Every commune (level 3) as `code|validFrom`, to check imported rows against. */
export async function communeKeys(db: Q): Promise<Set<string>> {
  const rows = await db.selectFrom('area').select(['code', 'validFrom']).where('level', '=', 3).execute();
  return new Set(rows.map((r) => `${r.code}|${r.validFrom}`));
}

/** Inserts or replaces population figures; says how many were new. */
export async function upsertPopulation(
  trx: Q,
  rows: readonly { areaCode: string; areaValidFrom: string; year: number; population: number; source: string }[],
  now: Date,
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  await inChunks(rows, CHUNK, async (chunk) => {
    const r = await sql<{ inserted: boolean }>`
      insert into area_population (area_code, area_valid_from, year, population, source, updated_at)
      values ${sql.join(chunk.map((p) => sql`(${p.areaCode}, ${p.areaValidFrom}::date, ${p.year}, ${p.population}, ${p.source}, ${now})`))}
      on conflict (area_code, area_valid_from, year) do update
        set population = excluded.population, source = excluded.source, updated_at = excluded.updated_at
      returning (xmax = 0) as inserted`.execute(trx);
    for (const x of r.rows) if (x.inserted) inserted++;
    else updated++;
  });
  return { inserted, updated };
}

/**
 * The communes valid on `date` (optionally of one province) with the figure of the latest year not after
 * `year`; communes without one are left out.
 */
export async function populationOn(db: Q, date: string, year: number, province?: string) {
  const r = await sql<{ code: string; validFrom: string; fullName: string; year: number; population: number; source: string }>`
    select distinct on (a.code) a.code, a.valid_from as "validFrom", a.full_name as "fullName", p.year, p.population, p.source
    from area a
    join area_population p on p.area_code = a.code and p.area_valid_from = a.valid_from
    where a.level = 3 and a.valid_from <= ${date} and (a.valid_to is null or a.valid_to >= ${date}) and p.year <= ${year}
      ${province ? sql`and a.province_code = ${province}` : sql``}
    order by a.code, p.year desc`.execute(db);
  return r.rows;
}

export async function countCommunesOn(db: Q, date: string, province: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from area a
    where a.level = 3 and a.province_code = ${province} and a.valid_from <= ${date} and (a.valid_to is null or a.valid_to >= ${date})`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
