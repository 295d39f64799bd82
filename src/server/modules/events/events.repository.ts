import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.generated';
import type { ScopeRanges } from '../units/units.service';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The scope as a WHERE condition on `event as e`: led or supported by one of the units, or held in one of
 * the communes while it was under the jurisdiction of those units (on the event's first day).
 */
export function eventScopeCondition(scope: ScopeRanges) {
  if (scope.all) return sql<boolean>`true`;
  const parts = [
    ...(scope.unitIds.length
      ? [
          sql`e.lead_unit_id in (${sql.join(scope.unitIds)})`,
          sql`exists (select 1 from event_staffing s where s.event_id = e.id and s.unit_id in (${sql.join(scope.unitIds)}))`,
        ]
      : []),
    ...scope.ranges.map((r) => sql`(e.area_code = ${r.code} and e.starts_on between ${r.from} and ${r.to})`),
  ];
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`false`;
}

const listColumns = [
  'e.id',
  'e.name',
  'e.type',
  'e.level',
  'e.status',
  'e.startsAt',
  'e.endsAt',
  'e.venueName',
  'e.lon',
  'e.lat',
  'e.areaCode',
  'e.leadUnitId',
  'u.name as leadUnitName',
  'e.outcome',
] as const;

export interface EventFilter {
  fromInstant?: Date;
  toInstant?: Date;
  type?: string;
  level?: string;
  status?: string;
  unitId?: string;
  searchKey?: string;
  statuses?: string[];
  limit: number;
}

export function listEvents(db: Q, scope: ScopeRanges, f: EventFilter) {
  let q = db
    .selectFrom('event as e')
    .innerJoin('unit as u', 'u.id', 'e.leadUnitId')
    .select(listColumns)
    .select(
      sql<number>`coalesce((select sum(s.staff) from event_staffing s where s.event_id = e.id), 0)::int`.as(
        'staffTotal',
      ),
    )
    .where(eventScopeCondition(scope));
  if (f.fromInstant) q = q.where('e.endsAt', '>', f.fromInstant);
  if (f.toInstant) q = q.where('e.startsAt', '<', f.toInstant);
  // Events last at most MAX_EVENT_DAYS: bound the scan of the start-time index from below too.
  if (f.fromInstant)
    q = q.where('e.startsAt', '>', new Date(f.fromInstant.getTime() - (MAX_EVENT_DAYS + 1) * 86_400_000));
  if (f.type) q = q.where('e.type', '=', f.type);
  if (f.level) q = q.where('e.level', '=', f.level);
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.statuses) q = q.where('e.status', 'in', f.statuses);
  if (f.unitId)
    q = q.where((eb) =>
      eb.or([
        eb('e.leadUnitId', '=', f.unitId!),
        eb.exists(
          eb
            .selectFrom('eventStaffing as s')
            .select('s.eventId')
            .whereRef('s.eventId', '=', 'e.id')
            .where('s.unitId', '=', f.unitId!),
        ),
      ]),
    );
  if (f.searchKey) q = q.where('e.searchKey', 'like', `%${f.searchKey}%`);
  return q.orderBy('e.startsAt').orderBy('e.id').limit(f.limit).execute();
}

/** The longest event the plan accepts (a congress, a festival season). */
export const MAX_EVENT_DAYS = 62;

export function findEvent(db: Q, id: string) {
  return db
    .selectFrom('event as e')
    .innerJoin('unit as u', 'u.id', 'e.leadUnitId')
    .innerJoin('area as a', (j) => j.onRef('a.code', '=', 'e.areaCode').onRef('a.validFrom', '=', 'e.areaValidFrom'))
    .selectAll('e')
    .select(['u.name as leadUnitName', 'u.path as leadUnitPath', 'a.fullName as areaFullName'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}
export type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;

export function lockEvent(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('event')
    .select(['id', 'version', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertEvents(trx: Q, rows: Record<string, unknown>[]) {
  if (rows.length)
    await trx
      .insertInto('event')
      .values(rows as never)
      .execute();
}

export async function updateEvent(trx: Q, id: string, fields: Record<string, unknown>) {
  await trx
    .updateTable('event')
    .set(fields as never)
    .where('id', '=', id)
    .execute();
}

export function staffingOf(db: Q, eventId: string) {
  return db
    .selectFrom('eventStaffing as s')
    .innerJoin('unit as u', 'u.id', 's.unitId')
    .select(['s.unitId', 'u.name as unitName', 's.shiftOn as date', 's.shift', 's.staff'])
    .where('s.eventId', '=', eventId)
    .orderBy('s.shiftOn')
    .orderBy('s.shift')
    .orderBy('u.name')
    .execute();
}
export function tasksOf(db: Q, eventId: string) {
  return db
    .selectFrom('eventTask')
    .select(['id', 'title', 'done'])
    .where('eventId', '=', eventId)
    .orderBy('seq')
    .execute();
}
export function postsOf(db: Q, eventId: string) {
  return db
    .selectFrom('eventPost as p')
    .leftJoin('unit as u', 'u.id', 'p.unitId')
    .select(['p.id', 'p.name', 'p.lon', 'p.lat', 'p.unitId', 'u.name as unitName', 'p.staff'])
    .where('p.eventId', '=', eventId)
    .orderBy('p.seq')
    .execute();
}
export function logOf(db: Q, eventId: string) {
  return db
    .selectFrom('eventLog')
    .selectAll()
    .where('eventId', '=', eventId)
    .orderBy('at', 'desc')
    .orderBy('createdAt', 'desc')
    .execute();
}
export function incidentsOf(db: Q, eventId: string) {
  return db
    .selectFrom('eventIncident as l')
    .innerJoin('incident as i', 'i.id', 'l.incidentId')
    .select(['i.id', 'i.refNo', 'i.kind', 'i.title', 'i.occurredAt'])
    .where('l.eventId', '=', eventId)
    .orderBy('i.occurredAt')
    .execute();
}
export function actionsOf(db: Q, eventId: string) {
  return db
    .selectFrom('eventAction as a')
    .innerJoin('unit as u', 'u.id', 'a.ownerUnitId')
    .selectAll('a')
    .select('u.name as ownerUnitName')
    .where('a.eventId', '=', eventId)
    .orderBy('a.dueOn')
    .orderBy('a.createdAt')
    .execute();
}

export async function countLinkedIncidents(db: Q, eventId: string): Promise<number> {
  const r = await db
    .selectFrom('eventIncident')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('eventId', '=', eventId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface PlanRows {
  staffing: { unitId: string; date: string; shift: string; staff: number }[];
  tasks: { title: string; done: boolean }[];
  posts: { name: string; point: { lon: number; lat: number } | null; unitId: string | null; staff: number }[];
}

/** Replaces the given parts of an event's plan (one multi-row insert each). */
/** The rows of one of an event's plan lists, replaced as a whole (no rows: the list is emptied). */
async function replaceEventRows<T extends 'eventStaffing' | 'eventTask' | 'eventPost'>(
  trx: Q,
  table: T,
  eventId: string,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  // Kysely cannot narrow a union of tables for `where`; each of them has event_id.
  await trx.deleteFrom(table as 'eventTask').where('eventId', '=', eventId).execute();
  if (rows.length) await trx.insertInto(table).values(rows as never).execute();
}

export async function replacePlan(trx: Q, eventId: string, plan: Partial<PlanRows>, now: Date) {
  if (plan.staffing)
    await replaceEventRows(
      trx,
      'eventStaffing',
      eventId,
      plan.staffing.map((s) => ({ eventId, unitId: s.unitId, shiftOn: s.date, shift: s.shift, staff: s.staff })),
    );
  if (plan.tasks)
    await replaceEventRows(
      trx,
      'eventTask',
      eventId,
      plan.tasks.map((t, i) => ({ id: crypto.randomUUID(), eventId, seq: i + 1, title: t.title, done: t.done, doneAt: t.done ? now : null })),
    );
  if (plan.posts)
    await replaceEventRows(
      trx,
      'eventPost',
      eventId,
      postRows(eventId, plan.posts),
    );
}

/**
 * Committed events (planned, approved, active) whose time overlaps [start, end) — the venue candidates —
 * and the staffing lines of the given units on the given dates in committed events — the capacity
 * candidates. Both read bounded index ranges, so the check stays fast with years of events.
 */
export async function conflictCandidates(
  db: Q,
  q: { start: Date; end: Date; unitIds: string[]; fromDate: string; toDate: string; excludeId?: string },
) {
  const committed = ['planned', 'approved', 'active'];
  let events = db
    .selectFrom('event')
    .select(['id', 'name', 'startsAt', 'endsAt', 'venueKey', 'lon', 'lat'])
    .where('status', 'in', committed)
    .where('startsAt', '<', q.end)
    .where('endsAt', '>', q.start)
    .where('startsAt', '>', new Date(q.start.getTime() - (MAX_EVENT_DAYS + 1) * 86_400_000));
  if (q.excludeId) events = events.where('id', '!=', q.excludeId);
  const lines = q.unitIds.length
    ? db
        .selectFrom('eventStaffing as s')
        .innerJoin('event as e', 'e.id', 's.eventId')
        .select([
          's.eventId',
          'e.name',
          'e.startsAt',
          'e.endsAt',
          'e.venueKey',
          'e.lon',
          'e.lat',
          's.unitId',
          's.shiftOn',
          's.shift',
          's.staff',
        ])
        .where('s.unitId', 'in', q.unitIds)
        .where('s.shiftOn', '>=', q.fromDate)
        .where('s.shiftOn', '<=', q.toDate)
        .where('e.status', 'in', committed)
        .$if(!!q.excludeId, (b) => b.where('s.eventId', '!=', q.excludeId!))
        .execute()
    : Promise.resolve([]);
  const [ev, ln] = [await events.execute(), await lines];
  return { events: ev, lines: ln };
}

export function strengthsOf(db: Q, unitIds: readonly string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('unitStrength as s')
    .innerJoin('unit as u', 'u.id', 's.unitId')
    .select(['s.unitId', 'u.name as unitName', 's.validFrom', 's.validTo', 's.strength'])
    .where('s.unitId', 'in', unitIds)
    .orderBy('u.name')
    .orderBy('s.validFrom')
    .execute();
}

export function allStrengths(db: Q) {
  return db
    .selectFrom('unitStrength as s')
    .innerJoin('unit as u', 'u.id', 's.unitId')
    .select(['s.unitId', 'u.name as unitName', 's.validFrom', 's.validTo', 's.strength'])
    .orderBy('u.name')
    .orderBy('s.validFrom')
    .execute();
}

export async function upsertStrengths(
  trx: Q,
  rows: { unitId: string; validFrom: string; validTo: string | null; strength: number; updatedAt: Date }[],
) {
  if (!rows.length) return;
  await trx
    .insertInto('unitStrength')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['unitId', 'validFrom']).doUpdateSet((eb) => ({
        validTo: eb.ref('excluded.validTo'),
        strength: eb.ref('excluded.strength'),
        updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute();
}

export async function insertLog(
  trx: Q,
  row: {
    id: string;
    eventId: string;
    at: Date;
    actorId: string | null;
    actorName: string;
    text: string;
    place: string;
    lon: number | null;
    lat: number | null;
    incidentId: string | null;
    createdAt: Date;
  },
) {
  await trx.insertInto('eventLog').values(row).execute();
}

export async function linkIncident(
  trx: Q,
  row: { eventId: string; incidentId: string; linkedAt: Date; linkedBy: string | null },
) {
  const r = await trx
    .insertInto('eventIncident')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertAction(
  trx: Q,
  row: { id: string; eventId: string; title: string; ownerUnitId: string; dueOn: string; createdAt: Date },
) {
  await trx.insertInto('eventAction').values(row).execute();
}

export function findAction(db: Q, eventId: string, id: string) {
  return db
    .selectFrom('eventAction')
    .selectAll()
    .where('eventId', '=', eventId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateAction(
  trx: Q,
  id: string,
  fields: { status: string; doneAt: Date | null; doneNote: string },
) {
  await trx.updateTable('eventAction').set(fields).where('id', '=', id).execute();
}

/** Active events in scope, with their last log entry and counts (the live board). */
export async function board(db: Q, scope: ScopeRanges) {
  const events = await db
    .selectFrom('event as e')
    .innerJoin('unit as u', 'u.id', 'e.leadUnitId')
    .select(listColumns)
    .select(
      sql<number>`coalesce((select sum(s.staff) from event_staffing s where s.event_id = e.id), 0)::int`.as(
        'staffTotal',
      ),
    )
    .select(sql<number>`(select count(*) from event_log l where l.event_id = e.id)::int`.as('entries'))
    .select(sql<number>`(select count(*) from event_incident i where i.event_id = e.id)::int`.as('incidents'))
    .where('e.status', '=', 'active')
    .where(eventScopeCondition(scope))
    .orderBy('e.startsAt')
    .execute();
  if (!events.length) return [];
  const last = await sql<{ eventId: string; at: Date; text: string; actorName: string }>`
    select distinct on (event_id) event_id as "eventId", at, text, actor_name as "actorName"
    from event_log where event_id in (${sql.join(events.map((e) => e.id))})
    order by event_id, at desc, created_at desc`.execute(db);
  const byEvent = new Map(last.rows.map((r) => [r.eventId, r]));
  return events.map((e) => ({ ...e, lastEntry: byEvent.get(e.id) ?? null }));
}

/**
 * Protected (closed) events whose first day lies in [from, to], and those among them without a linked
 * incident (tuyệt đối an toàn), grouped by `key` (type, level or lead unit) or in one row.
 */
export async function countProtected(
  db: Q,
  scope: ScopeRanges,
  from: string,
  to: string,
  by: 'none' | 'type' | 'level' | 'unit' | 'month',
  filter: { leadUnitId?: string; areaCodes?: readonly string[] } = {},
) {
  const key =
    by === 'type'
      ? sql`e.type`
      : by === 'level'
        ? sql`e.level`
        : by === 'unit'
          ? sql`e.lead_unit_id::text`
          : by === 'month'
            ? sql`to_char(e.starts_on, 'YYYY-MM')`
            : sql`'all'`;
  const conds = [sql`true`];
  if (filter.leadUnitId) conds.push(sql`e.lead_unit_id = ${filter.leadUnitId}`);
  if (filter.areaCodes) conds.push(filter.areaCodes.length ? sql`e.area_code in (${sql.join([...filter.areaCodes])})` : sql`false`);
  const r = await sql<{ key: string; protected: number; safe: number }>`
    select ${key} as key, count(*)::int as protected,
      (count(*) filter (where not exists (select 1 from event_incident i where i.event_id = e.id)))::int as safe
    from event e
    where e.status = 'closed' and e.starts_on between ${from} and ${to} and ${eventScopeCondition(scope)}
      and ${sql.join(conds, sql` and `)}
    group by 1`.execute(db);
  return r.rows.map((x) => ({ key: x.key, protected: Number(x.protected), safe: Number(x.safe) }));
}

/** An event plan's posts as `event_post` rows (in order), for the service and the demo seed. */
export function postRows<P extends { name: string; point?: { lon: number; lat: number } | null; unitId: string | null; staff: number }>(
  eventId: string,
  posts: readonly P[],
) {
  return posts.map((p, i) => ({
    id: crypto.randomUUID(),
    eventId,
    seq: i + 1,
    name: p.name,
    lon: p.point?.lon ?? null,
    lat: p.point?.lat ?? null,
    unitId: p.unitId,
    staff: p.staff,
  }));
}
