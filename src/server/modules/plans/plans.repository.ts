import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';

type Q = Kysely<DB> | Transaction<DB>;

// ── plans and groups ─────────────────────────────────────────────────────────────────────────────────
const planColumns = [
  'p.id',
  'p.year',
  'p.title',
  'p.description',
  'p.unitId',
  'u.name as unitName',
  'u.path as unitPath',
] as const;

export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export function listPlans(db: Q, year?: number) {
  let q = db.selectFrom('plan as p').innerJoin('unit as u', 'u.id', 'p.unitId').select(planColumns);
  if (year !== undefined) q = q.where('p.year', '=', year);
  return q.orderBy('p.year', 'desc').orderBy('p.createdAt').execute();
}

export function findPlan(db: Q, id: string) {
  return db
    .selectFrom('plan as p')
    .innerJoin('unit as u', 'u.id', 'p.unitId')
    .select(planColumns)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function insertPlan(trx: Q, row: Insertable<DB['plan']>) {
  await trx.insertInto('plan').values(row).execute();
}

export async function insertGroup(trx: Q, row: Insertable<DB['planTaskGroup']>) {
  await trx.insertInto('planTaskGroup').values(row).execute();
}

export type GroupRow = Awaited<ReturnType<typeof groupsOfPlans>>[number];

export function groupsOfPlans(db: Q, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('planTaskGroup as g')
    .select(['g.id', 'g.planId', 'g.code', 'g.title', 'g.description', 'g.breakthrough', 'g.weight', 'g.sort'])
    .where('g.planId', 'in', planIds)
    .orderBy('g.sort')
    .orderBy('g.createdAt')
    .execute();
}

export function findGroup(db: Q, id: string) {
  return db
    .selectFrom('planTaskGroup as g')
    .innerJoin('plan as p', 'p.id', 'g.planId')
    .innerJoin('unit as u', 'u.id', 'p.unitId')
    .select(['g.id', 'g.planId', 'g.title', 'p.title as planTitle', 'p.unitId as planUnitId', 'u.path as planUnitPath'])
    .where('g.id', '=', id)
    .executeTakeFirst();
}

export async function nextSort(
  trx: Q,
  table: 'planTaskGroup' | 'planTask' | 'directiveItem',
  column: 'planId' | 'groupId' | 'directiveId',
  id: string,
) {
  const r = await sql<{
    n: number;
  }>`select coalesce(max(sort), 0)::int + 1 as n from ${sql.table(snake(table))} where ${sql.ref(snake(column))} = ${id}`.execute(
    trx,
  );
  return r.rows[0]?.n ?? 1;
}
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────────
const taskColumns = [
  't.id',
  't.groupId',
  't.parentId',
  't.title',
  't.description',
  't.leadUnitId',
  'u.name as leadUnitName',
  'u.path as leadUnitPath',
  't.startOn',
  't.dueOn',
  't.priority',
  't.status',
  't.weight',
  't.percent',
  't.sort',
  't.version',
  't.createdAt',
] as const;

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>;

function tasksQuery(db: Q) {
  return db.selectFrom('planTask as t').innerJoin('unit as u', 'u.id', 't.leadUnitId').select(taskColumns);
}

export function findTask(db: Q, id: string) {
  return tasksQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export function lockTask(trx: Q, id: string) {
  return trx.selectFrom('planTask').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export function tasksOfPlans(db: Q, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return tasksQuery(db)
    .innerJoin('planTaskGroup as g', 'g.id', 't.groupId')
    .select('g.planId')
    .where('g.planId', 'in', planIds)
    .orderBy('t.sort')
    .orderBy('t.createdAt')
    .execute();
}

/** Cooperating units of the tasks, with their paths. */
export function cooperatingUnits(db: Q, taskIds: readonly string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('planTaskUnit as tu')
    .innerJoin('unit as u', 'u.id', 'tu.unitId')
    .select(['tu.taskId', 'u.id', 'u.name', 'u.path'])
    .where('tu.taskId', 'in', taskIds)
    .orderBy('u.name')
    .execute();
}

export async function setCooperatingUnits(trx: Q, taskId: string, unitIds: readonly string[]) {
  await trx.deleteFrom('planTaskUnit').where('taskId', '=', taskId).execute();
  if (unitIds.length)
    await trx
      .insertInto('planTaskUnit')
      .values(unitIds.map((unitId) => ({ taskId, unitId })))
      .execute();
}

/** Tasks (with plan and group) whose lead or cooperating unit is one of `unitIds` or lies under `pathPrefix`. */
export function tasksOfUnits(db: Q, o: { unitId?: string; pathPrefix?: string }) {
  let q = db
    .selectFrom('planTask as t')
    .innerJoin('unit as u', 'u.id', 't.leadUnitId')
    .innerJoin('planTaskGroup as g', 'g.id', 't.groupId')
    .innerJoin('plan as p', 'p.id', 'g.planId')
    .select([...taskColumns, 'g.title as groupTitle', 'g.breakthrough', 'p.id as planId', 'p.title as planTitle']);
  if (o.unitId) {
    const unitId = o.unitId;
    q = q.where((eb) =>
      eb.or([
        eb('t.leadUnitId', '=', unitId),
        eb.exists(
          eb
            .selectFrom('planTaskUnit as tu')
            .select('tu.taskId')
            .whereRef('tu.taskId', '=', 't.id')
            .where('tu.unitId', '=', unitId),
        ),
      ]),
    );
  } else if (o.pathPrefix) {
    const like = `${o.pathPrefix}%`;
    q = q.where((eb) =>
      eb.or([
        eb('u.path', 'like', like),
        eb.exists(
          eb
            .selectFrom('planTaskUnit as tu')
            .innerJoin('unit as cu', 'cu.id', 'tu.unitId')
            .select('tu.taskId')
            .whereRef('tu.taskId', '=', 't.id')
            .where('cu.path', 'like', like),
        ),
      ]),
    );
  }
  return q.orderBy('t.dueOn').orderBy('t.createdAt').execute();
}

export function insertTask(trx: Q, row: Insertable<DB['planTask']>) {
  return trx.insertInto('planTask').values(row).execute();
}

export function updateTask(trx: Q, id: string, fields: Updateable<DB['planTask']>) {
  return trx.updateTable('planTask').set(fields).where('id', '=', id).execute();
}

// ── progress ─────────────────────────────────────────────────────────────────────────────────────────
export function progressOf(db: Q, taskId: string) {
  return db
    .selectFrom('planProgress as r')
    .leftJoin('unit as u', 'u.id', 'r.unitId')
    .select([
      'r.id',
      'r.reportedOn',
      'r.percent',
      'r.note',
      'u.name as unitName',
      'r.authorName',
      'r.attachmentName',
      'r.attachmentType',
      'r.attachmentSize',
      'r.createdAt',
    ])
    .where('r.taskId', '=', taskId)
    .orderBy('r.reportedOn', 'desc')
    .orderBy('r.createdAt', 'desc')
    .execute();
}

export function insertProgress(trx: Q, row: Insertable<DB['planProgress']>) {
  return trx.insertInto('planProgress').values(row).execute();
}

export function findAttachment(db: Q, reportId: string) {
  return db
    .selectFrom('planProgress')
    .select(['taskId', 'attachmentName', 'attachmentType', 'attachmentBase64'])
    .where('id', '=', reportId)
    .executeTakeFirst();
}

// ── directives ───────────────────────────────────────────────────────────────────────────────────────
const directiveColumns = [
  'd.id',
  'd.number',
  'd.issuedOn',
  'd.source',
  'd.meeting',
  'd.issuerName',
  'd.issuerUnitId',
  'u.name as issuerUnitName',
  'u.path as issuerUnitPath',
  'd.issuedBy',
  'd.content',
  'd.planId',
] as const;

export function listDirectives(db: Q) {
  return db
    .selectFrom('directive as d')
    .innerJoin('unit as u', 'u.id', 'd.issuerUnitId')
    .select(directiveColumns)
    .orderBy('d.issuedOn', 'desc')
    .orderBy('d.createdAt', 'desc')
    .execute();
}

export function findDirective(db: Q, id: string) {
  return db
    .selectFrom('directive as d')
    .innerJoin('unit as u', 'u.id', 'd.issuerUnitId')
    .select(directiveColumns)
    .where('d.id', '=', id)
    .executeTakeFirst();
}

const itemColumns = [
  'i.id',
  'i.directiveId',
  'i.unitId',
  'u.name as unitName',
  'u.path as unitPath',
  'i.content',
  'i.dueOn',
  'i.status',
  'i.report',
  'i.closedOn',
] as const;

export function itemsOf(db: Q, directiveIds: readonly string[]) {
  if (directiveIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directiveItem as i')
    .innerJoin('unit as u', 'u.id', 'i.unitId')
    .select(itemColumns)
    .where('i.directiveId', 'in', directiveIds)
    .orderBy('i.sort')
    .execute();
}

export function findItem(db: Q, id: string) {
  return db
    .selectFrom('directiveItem as i')
    .innerJoin('unit as u', 'u.id', 'i.unitId')
    .select(itemColumns)
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export function lockItem(trx: Q, id: string) {
  return trx.selectFrom('directiveItem').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Items for the notifications of a unit / user: assigned to the unit, or issued by it or by the user. */
export function itemsConcerning(db: Q, unitId: string | null, userId: string | null) {
  return db
    .selectFrom('directiveItem as i')
    .innerJoin('directive as d', 'd.id', 'i.directiveId')
    .select([
      'i.id',
      'i.directiveId',
      'd.number as directiveNumber',
      'i.content',
      'i.status',
      'i.dueOn',
      'i.unitId',
      'd.issuerUnitId',
      'd.issuedBy',
    ])
    .where((eb) =>
      eb.or([
        ...(unitId ? [eb('i.unitId', '=', unitId), eb('d.issuerUnitId', '=', unitId)] : []),
        ...(userId ? [eb('d.issuedBy', '=', userId)] : []),
        eb.val(false),
      ]),
    )
    .execute();
}

// ── targets ──────────────────────────────────────────────────────────────────────────────────────────
export function listTargets(db: Q, planId?: string) {
  let q = db
    .selectFrom('planTarget as t')
    .innerJoin('unit as u', 'u.id', 't.unitId')
    .selectAll('t')
    .select(['u.name as unitName', 'u.path as unitPath']);
  if (planId) q = q.where('t.planId', '=', planId);
  return q.orderBy('t.createdAt').execute();
}
export type TargetRow = Awaited<ReturnType<typeof listTargets>>[number];

// ── notifications ────────────────────────────────────────────────────────────────────────────────────
export async function seenKeys(db: Q, userId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('planNotificationSeen').select('key').where('userId', '=', userId).execute();
  return new Set(rows.map((r) => r.key));
}

export function markSeen(trx: Q, userId: string, keys: readonly string[], at: Date) {
  return trx
    .insertInto('planNotificationSeen')
    .values(keys.map((key) => ({ userId, key, seenAt: at })))
    .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
    .execute();
}

export function unitsByIds(db: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('unit').select(['id', 'name', 'path', 'validFrom', 'validTo']).where('id', 'in', ids).execute();
}

export async function insertDirective(
  trx: Q,
  row: Insertable<DB['directive']>,
  items: Insertable<DB['directiveItem']>[],
) {
  await trx.insertInto('directive').values(row).execute();
  await trx.insertInto('directiveItem').values(items).execute();
}

export function closeItem(trx: Q, id: string, fields: Updateable<DB['directiveItem']>) {
  return trx.updateTable('directiveItem').set(fields).where('id', '=', id).execute();
}

export function insertTarget(trx: Q, row: Insertable<DB['planTarget']>) {
  return trx.insertInto('planTarget').values(row).execute();
}

export function findTarget(db: Q, id: string) {
  return db
    .selectFrom('planTarget as t')
    .innerJoin('unit as u', 'u.id', 't.unitId')
    .selectAll('t')
    .select(['u.name as unitName', 'u.path as unitPath'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}
