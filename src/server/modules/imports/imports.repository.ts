import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

// ---- saved mappings

/** Mappings with the path of their owner unit (null: the system's own). */
function mappings(db: Q) {
  return db
    .selectFrom('importMapping as m')
    .leftJoin('unit as u', 'u.id', 'm.unitId')
    .selectAll('m')
    .select(['u.path as unitPath']);
}
export function listMappings(db: Q) {
  return mappings(db).orderBy('m.name').execute();
}
export function findMapping(db: Q, id: string) {
  return mappings(db).where('m.id', '=', id).executeTakeFirst();
}
/** By name within one owner unit (null: the system's own). */
export function findMappingByName(db: Q, name: string, unitId: string | null) {
  return db
    .selectFrom('importMapping')
    .selectAll()
    .where('name', '=', name)
    .where((eb) => (unitId === null ? eb('unitId', 'is', null) : eb('unitId', '=', unitId)))
    .executeTakeFirst();
}
/** By name in any unit (the command line, acting as the system): the system's own first, then the oldest. */
export function findMappingByNameAnyUnit(db: Q, name: string) {
  return mappings(db)
    .where('m.name', '=', name)
    .orderBy(sql`m.unit_id is null`, 'desc')
    .orderBy('m.createdAt')
    .executeTakeFirst();
}
export async function insertMapping(
  db: Q,
  m: {
    id: string;
    name: string;
    source: string;
    mapping: unknown;
    unitId: string | null;
    createdBy: string | null;
    at: Date;
  },
) {
  await db
    .insertInto('importMapping')
    .values({
      id: m.id,
      name: m.name,
      source: m.source,
      mapping: JSON.stringify(m.mapping),
      unitId: m.unitId,
      createdBy: m.createdBy,
      createdAt: m.at,
      updatedAt: m.at,
    })
    .execute();
}
export async function updateMapping(
  db: Q,
  id: string,
  m: { name: string; source: string; mapping: unknown; at: Date },
) {
  await db
    .updateTable('importMapping')
    .set({ name: m.name, source: m.source, mapping: JSON.stringify(m.mapping), updatedAt: m.at })
    .where('id', '=', id)
    .execute();
}
/**
 * Deletes a mapping and returns what was deleted, or undefined when nothing was (a concurrent delete won).
 * Batches that used it keep their own copy of the mapping (`import_batch.mapping_id` is set null by the key).
 */
export function deleteMapping(db: Q, id: string) {
  return db.deleteFrom('importMapping').where('id', '=', id).returning(['id', 'name', 'source']).executeTakeFirst();
}

// ---- batches

export interface NewBatch {
  id: string;
  source: string;
  fileName: string;
  mode: string;
  unitId: string | null;
  mappingId: string | null;
  mapping: unknown;
  uploadId: string;
  format: string;
  encoding: string;
  createdBy: string | null;
  at: Date;
}
export async function insertBatch(db: Q, b: NewBatch) {
  await db
    .insertInto('importBatch')
    .values({
      id: b.id,
      source: b.source,
      fileName: b.fileName,
      mode: b.mode,
      status: 'running',
      unitId: b.unitId,
      mappingId: b.mappingId,
      mapping: JSON.stringify(b.mapping),
      uploadId: b.uploadId,
      format: b.format,
      encoding: b.encoding,
      createdBy: b.createdBy,
      startedAt: b.at,
      heartbeatAt: b.at,
    })
    .execute();
}

export async function uploadIdOf(db: Q, batchId: string): Promise<string | null> {
  const b = await db.selectFrom('importBatch').select('uploadId').where('id', '=', batchId).executeTakeFirst();
  return b?.uploadId ?? null;
}

export function findBatch(db: Q, id: string) {
  return db
    .selectFrom('importBatch as b')
    .leftJoin('unit as u', 'u.id', 'b.unitId')
    .selectAll('b')
    .select(['u.path as unitPath'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

/** The first `limit` entries of the report and its length, without loading it whole. */
export async function reportHead(db: Q, id: string, limit: number) {
  const r = await sql<{ head: unknown; n: number }>`
    select coalesce((select jsonb_agg(e) from (select e from jsonb_array_elements(report) with ordinality t(e, i) order by i limit ${limit}) s), '[]'::jsonb) as head,
           coalesce(jsonb_array_length(report), 0)::int as n
    from import_batch where id = ${id}`.execute(db);
  const row = r.rows[0];
  return { head: (row?.head ?? []) as unknown[], count: Number(row?.n ?? 0) };
}

export async function fullReport(db: Q, id: string): Promise<unknown[]> {
  const r = await db.selectFrom('importBatch').select('report').where('id', '=', id).executeTakeFirst();
  return (r?.report ?? []) as unknown[];
}

/** The newest batches of units under `pathPrefix` (all with null), with those of no unit when `unitless`. */
export function listBatches(db: Q, pathPrefix: string | null, limit: number, unitless = false) {
  let q = db
    .selectFrom('importBatch as b')
    .leftJoin('unit as u', 'u.id', 'b.unitId')
    .select([
      'b.id',
      'b.source',
      'b.fileName',
      'b.mode',
      'b.status',
      'b.totalRows',
      'b.processed',
      'b.imported',
      'b.skipped',
      'b.reported',
      'b.error',
      'b.unitId',
      'b.createdBy',
      'b.startedAt',
      'b.finishedAt',
      'b.heartbeatAt',
      sql<number>`coalesce(jsonb_array_length(b.report), 0)::int`.as('errorCount'),
    ]);
  if (pathPrefix !== null)
    q = q.where((eb) =>
      unitless
        ? eb.or([eb('u.path', 'like', `${pathPrefix}%`), eb('b.unitId', 'is', null)])
        : eb('u.path', 'like', `${pathPrefix}%`),
    );
  return q.orderBy('b.startedAt', 'desc').limit(limit).execute();
}

export async function updateProgress(
  db: Q,
  id: string,
  p: { processed: number; imported: number; skipped: number; reported: number; totalRows?: number; at: Date },
) {
  await db
    .updateTable('importBatch')
    .set({
      processed: p.processed,
      imported: p.imported,
      skipped: p.skipped,
      reported: p.reported,
      heartbeatAt: p.at,
      ...(p.totalRows !== undefined ? { totalRows: p.totalRows } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function finishBatch(
  db: Q,
  id: string,
  f: {
    status: string;
    totalRows: number;
    processed: number;
    imported: number;
    skipped: number;
    reported: number;
    report: unknown[];
    error: string | null;
    at: Date;
  },
) {
  await db
    .updateTable('importBatch')
    .set({
      status: f.status,
      totalRows: f.totalRows,
      processed: f.processed,
      imported: f.imported,
      skipped: f.skipped,
      reported: f.reported,
      report: JSON.stringify(f.report),
      error: f.error,
      finishedAt: f.at,
      heartbeatAt: f.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Running batches whose heartbeat is older than `before` (their process died). */
export function staleBatches(db: Q, before: Date) {
  return db
    .selectFrom('importBatch')
    .selectAll()
    .where('status', '=', 'running')
    .where('heartbeatAt', '<', before)
    .execute();
}

export async function markInterrupted(trx: Q, id: string, at: Date): Promise<boolean> {
  const r = await trx
    .updateTable('importBatch')
    .set({ status: 'failed', error: 'interrupted', finishedAt: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- lookups for the importer

export function communes(db: Q) {
  return db
    .selectFrom('area')
    .select(['code', 'validFrom', 'validTo', 'fullName'])
    .where('level', '=', 3)
    .where('type', '<>', 'foreign')
    .execute();
}

export function allUnits(db: Q) {
  return db.selectFrom('unit').select(['id', 'code', 'path', 'kind', 'parentId', 'validFrom', 'validTo']).execute();
}

export async function sourceHasIncidents(db: Q, source: string): Promise<boolean> {
  const r = await db
    .selectFrom('incident')
    .select(sql<number>`1`.as('one'))
    .where('source', '=', source)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Which of these (external ID, unit) keys of a source exist, as `${externalId}|${unitId}`: the idempotency key
 * is scoped by the handling unit, so another unit's record with the same source ID is not "already present".
 */
export async function existingExternalKeys(db: Q, source: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('incident')
    .select(['externalId', 'unitId'])
    .where('source', '=', source)
    .where('externalId', 'in', ids)
    .execute();
  return new Set(rows.map((r) => `${r.externalId}|${r.unitId}`));
}

/** Multi-row insert; rows whose (source, external ID, unit) exists already are skipped. Returns the ids written. */
export async function insertIncidents(db: Q, rows: Record<string, unknown>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const r = await db
    .insertInto('incident')
    .values(rows as never)
    .onConflict((oc) => oc.columns(['source', 'externalId', 'unitId']).where('externalId', 'is not', null).doNothing())
    .returning('id')
    .execute();
  return r.map((x) => x.id);
}

export async function insertVersions(
  db: Q,
  ids: readonly string[],
  v: { at: Date; actorId: string | null; actorName: string; batchId: string },
) {
  if (ids.length === 0) return;
  await db
    .insertInto('incidentVersion')
    .values(
      ids.map((incidentId) => ({
        incidentId,
        version: 1,
        at: v.at,
        actorId: v.actorId,
        actorName: v.actorName,
        action: 'imported',
        changes: JSON.stringify({ importBatchId: v.batchId }),
      })),
    )
    .execute();
}
