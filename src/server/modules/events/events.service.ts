import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { TFieldError } from '../../../contracts/errors';
import type {
  TConflict,
  TCreateEvent,
  TEvent,
  TEventListItem,
  TEventListQuery,
  TEventStats,
  TEventStatsQuery,
  TStatusChange,
  TUpdateEvent,
} from '../../../contracts/events';
import type { TCreateIncident } from '../../../contracts/incidents';
import { addDays, diffDays, hcmDateOf, hcmEndOfDay, hcmStartOfDay } from '../../../domain/calendar/dates';
import {
  applyTemplate,
  checkTransition,
  detectConflicts,
  EDITABLE_STATUSES,
  EVENT_LEVEL_LABELS,
  EVENT_STATUS_LABELS,
  EVENT_TEMPLATES,
  EVENT_TRANSITIONS,
  EVENT_TYPE_LABELS,
  EVENT_TYPES,
  HANOI_VENUES,
  staffingDateRange,
  type EventLevel,
  type EventStatus,
  type EventType,
  type Outcome,
  type PlannedEvent,
  type Shift,
  type StaffingLine,
  type StaffRole,
} from '../../../domain/events';
import { customPeriod, likeForLike, periodContaining, periodOut, type Period, type PeriodKind } from '../../../domain/periods';
import { change, phraseChange } from '../../../domain/stats';
import { toSearchKey } from '../../../domain/text/vietnamese';
import { isUnitInScope, notVisible, requirePermission, requireReferencesInScope } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema.generated';
import { AppError, notFound, ruleViolation } from '../../platform/errors';
import * as areaRepo from '../areas/areas.repository';
import type { AreaService } from '../areas/areas.service';
import * as incidentRepo from '../incidents/incidents.repository';
import type { IncidentService } from '../incidents/incidents.service';
import * as unitRepo from '../units/units.repository';
import type { ScopeRanges, UnitService } from '../units/units.service';
import * as repo from './events.repository';

const invalid = (fields: TFieldError[]) => new AppError('VALIDATION_FAILED', { fields });
const fmt = (d: string) => d.split('-').reverse().join('/');

type Row = repo.EventRow;
type Db_ = Db | Transaction<DB>;

/** The facts of an event the conflict check needs (saved or proposed). */
interface ConflictSubject {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  point: { lon: number; lat: number } | null;
  areaCode: string | null;
  leadUnitId: string | null;
  staffing: StaffingLine[];
}

export class EventService {
  constructor(
    private readonly deps: { db: Db; clock: Clock; units: UnitService; areas: AreaService; incidents: IncidentService },
  ) {}

  private today() {
    return hcmDateOf(this.deps.clock.now());
  }

  // ── access ────────────────────────────────────────────────────────────────────────────────────

  private static inScope(
    scope: ScopeRanges,
    e: { leadUnitId: string; areaCode: string; startsOn: string },
    staffUnits: readonly string[],
  ) {
    if (scope.all) return true;
    if (scope.unitIds.includes(e.leadUnitId) || staffUnits.some((u) => scope.unitIds.includes(u))) return true;
    return scope.ranges.some((r) => r.code === e.areaCode && r.from <= e.startsOn && e.startsOn <= r.to);
  }

  /** Loads an event the actor may see: led or supported by a unit of their scope, or in their jurisdiction. */
  private async visible(actor: Actor, id: string): Promise<Row> {
    requirePermission(actor, 'events.read');
    const row = await repo.findEvent(this.deps.db, id);
    // Out of scope answers as "not found": no existence oracle.
    if (!row) throw notVisible('sự kiện');
    const scope = await this.deps.units.scopeRanges(actor);
    if (!scope.all) {
      const staff = await repo.staffingOf(this.deps.db, id);
      if (
        !EventService.inScope(
          scope,
          row,
          staff.map((s) => s.unitId),
        )
      )
        throw notVisible('sự kiện');
    }
    return row;
  }

  /** Inside a write: lock the row, check the version the client read and that the status allows the change. */
  private async locked(
    trx: Transaction<DB>,
    id: string,
    version: number | undefined,
    allowed?: readonly EventStatus[],
    what?: { vi: string; en: string },
  ) {
    const l = await repo.lockEvent(trx, id);
    if (!l) throw notFound('sự kiện');
    if (version !== undefined && l.version !== version)
      throw new AppError('CONFLICT', {
        vi: 'Sự kiện đã được người khác sửa; hãy tải lại',
        en: 'Someone else changed the event; reload it',
      });
    const status = l.status as EventStatus;
    if (allowed && !allowed.includes(status))
      throw ruleViolation(
        `${what?.vi ?? 'Thao tác'} không thực hiện được khi sự kiện ở trạng thái "${EVENT_STATUS_LABELS[status].vi}"`,
        `${what?.en ?? 'This change'} is not possible while the event is "${EVENT_STATUS_LABELS[status].en}"`,
        { status },
      );
    return { version: l.version, status };
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────────

  /** Events in scope overlapping [from, to] (the calendar and the list), earliest first. */
  async list(actor: Actor, q: TEventListQuery): Promise<{ items: TEventListItem[]; truncated: boolean }> {
    requirePermission(actor, 'events.read');
    const scope = await this.deps.units.scopeRanges(actor);
    const rows = await repo.listEvents(this.deps.db, scope, {
      fromInstant: q.from ? new Date(hcmStartOfDay(q.from)) : undefined,
      toInstant: q.to ? new Date(hcmEndOfDay(q.to)) : undefined,
      type: q.type,
      level: q.level,
      status: q.status,
      unitId: q.unitId,
      searchKey: q.q ? toSearchKey(q.q) : undefined,
      limit: q.limit + 1,
    });
    return { items: rows.slice(0, q.limit).map(toListItem), truncated: rows.length > q.limit };
  }

  async get(actor: Actor, id: string): Promise<TEvent> {
    const row = await this.visible(actor, id);
    return this.toApi(actor, row);
  }

  private async toApi(actor: Actor, row: Row): Promise<TEvent> {
    const { db } = this.deps;
    const [staffing, tasks, posts, log, incidents, actions] = await Promise.all([
      repo.staffingOf(db, row.id),
      repo.tasksOf(db, row.id),
      repo.postsOf(db, row.id),
      repo.logOf(db, row.id),
      repo.incidentsOf(db, row.id),
      repo.actionsOf(db, row.id),
    ]);
    const status = row.status as EventStatus;
    // Conflicts matter while the plan can still change or is about to run.
    const conflicts = ['draft', 'planned', 'approved'].includes(status)
      ? await this.conflictsOf(actor, {
          id: row.id,
          name: row.name,
          startsAt: row.startsAt.toISOString(),
          endsAt: row.endsAt.toISOString(),
          venueName: row.venueName,
          point: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
          areaCode: row.areaCode,
          leadUnitId: row.leadUnitId,
          staffing: staffing.map((s) => ({ unitId: s.unitId, date: s.date, shift: s.shift as Shift, staff: s.staff })),
        })
      : [];
    const today = this.today();
    const canWrite = actor.permissions.has('events.write');
    return {
      ...toListItem({ ...row, staffTotal: staffing.reduce((a, s) => a + s.staff, 0) }),
      typeLabel: EVENT_TYPE_LABELS[row.type as EventType],
      levelLabel: EVENT_LEVEL_LABELS[row.level as EventLevel],
      statusLabel: EVENT_STATUS_LABELS[status],
      areaFullName: row.areaFullName,
      expectedAttendance: row.expectedAttendance,
      organiser: row.organiser,
      riskNotes: row.riskNotes,
      objectives: (row.objectives as string[] | null) ?? [],
      outcomeNote: row.outcomeNote,
      overrideReason: row.overrideReason,
      approvedAt: row.approvedAt?.toISOString() ?? null,
      closedAt: row.closedAt?.toISOString() ?? null,
      clonedFrom: row.clonedFrom,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      tasks,
      posts: posts.map((p) => ({
        id: p.id,
        name: p.name,
        point: p.lon !== null && p.lat !== null ? { lon: p.lon, lat: p.lat } : null,
        unitId: p.unitId,
        unitName: p.unitName,
        staff: p.staff,
      })),
      staffing: staffing.map((s) => ({ ...s, shift: s.shift as Shift })),
      log: log.map((l) => ({
        id: l.id,
        at: l.at.toISOString(),
        actorName: l.actorName,
        text: l.text,
        place: l.place,
        point: l.lon !== null && l.lat !== null ? { lon: l.lon, lat: l.lat } : null,
        incidentId: l.incidentId,
      })),
      incidents: incidents.map((i) => ({ ...i, occurredAt: i.occurredAt.toISOString() })),
      actions: actions.map((a) => ({
        id: a.id,
        title: a.title,
        ownerUnitId: a.ownerUnitId,
        ownerUnitName: a.ownerUnitName,
        dueOn: a.dueOn,
        status: a.status as 'open' | 'done',
        doneAt: a.doneAt?.toISOString() ?? null,
        doneNote: a.doneNote,
        overdue: a.status === 'open' && a.dueOn < today,
      })),
      conflicts,
      allowed: canWrite ? [...EVENT_TRANSITIONS[status]] : [],
      canOverride: actor.permissions.has('events.override'),
    };
  }

  // ── conflicts ─────────────────────────────────────────────────────────────────────────────────

  private async conflictsOf(actor: Actor, e: ConflictSubject): Promise<TConflict[]> {
    return (await this.conflictCheck(actor, e)).conflicts;
  }

  /**
   * The conflicts as the actor may read them. Every committed event counts (a unit's strength holds whoever
   * planned the other event), but an event outside the actor's scope is never named: a venue clash with it
   * says "an event outside your scope" without its id or name, and a unit's over-strength lists only the
   * ids of events the actor sees.
   */
  private async redactConflicts(actor: Actor, conflicts: TConflict[]): Promise<TConflict[]> {
    const scope = await this.deps.units.scopeRanges(actor);
    if (scope.all) return conflicts;
    const ids = new Set(conflicts.flatMap((c) => [...(c.eventId ? [c.eventId] : []), ...(c.eventIds ?? [])]));
    const seen = new Set<string>();
    for (const id of ids) {
      const row = await repo.findEvent(this.deps.db, id);
      if (!row) continue;
      const staff = await repo.staffingOf(this.deps.db, id);
      if (EventService.inScope(scope, row, staff.map((l) => l.unitId))) seen.add(id);
    }
    return conflicts.map((c) => {
      if (c.kind === 'venue_overlap' && c.eventId && !seen.has(c.eventId))
        return {
          kind: c.kind,
          vi: 'Trùng địa điểm và thời gian với một sự kiện ngoài phạm vi của bạn',
          en: 'Same venue at the same time as an event outside your scope',
        };
      if (c.eventIds) return { ...c, eventIds: c.eventIds.filter((id) => seen.has(id)) };
      return c;
    });
  }

  private async conflictCheck(
    actor: Actor,
    e: ConflictSubject,
    db: Db_ = this.deps.db,
  ): Promise<{ conflicts: TConflict[]; checkedAgainst: number }> {
    const unitIds = [...new Set(e.staffing.map((s) => s.unitId))];
    const dates = e.staffing.map((s) => s.date).sort();
    const span = staffingDateRange(e);
    const fromDate = addDays(dates[0] && dates[0] < span.from ? dates[0] : span.from, -1);
    const toDate = addDays(dates.at(-1) && dates.at(-1)! > span.to ? dates.at(-1)! : span.to, 1);
    const [cand, strengths, units, lead] = await Promise.all([
      repo.conflictCandidates(db, {
        start: new Date(e.startsAt),
        end: new Date(e.endsAt),
        unitIds,
        fromDate,
        toDate,
        excludeId: e.id,
      }),
      repo.strengthsOf(db, unitIds),
      unitRepo.findUnitsByIds(db, unitIds),
      e.leadUnitId ? unitRepo.findUnit(db, e.leadUnitId) : Promise.resolve(undefined),
    ]);
    const others = new Map<string, PlannedEvent>();
    const point = (r: { lon: number | null; lat: number | null }) =>
      r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null;
    const other = (r: {
      id: string;
      name: string;
      startsAt: Date;
      endsAt: Date;
      venueKey: string;
      lon: number | null;
      lat: number | null;
    }) => {
      let o = others.get(r.id);
      if (!o) {
        o = {
          id: r.id,
          name: r.name,
          startsAt: r.startsAt.toISOString(),
          endsAt: r.endsAt.toISOString(),
          venueKey: r.venueKey,
          point: point(r),
          staffing: [],
        };
        others.set(r.id, o);
      }
      return o;
    };
    for (const r of cand.events) other(r);
    for (const l of cand.lines)
      (other({ ...l, id: l.eventId }).staffing as StaffingLine[]).push({
        unitId: l.unitId,
        date: l.shiftOn,
        shift: l.shift as Shift,
        staff: l.staff,
      });
    let leadFacts = null;
    if (lead && e.areaCode) {
      const startsOn = hcmDateOf(e.startsAt);
      const cityWide = lead.kind === 'city' || lead.cityWide;
      const covers = cityWide
        ? true
        : (await unitRepo.areasUnderJurisdiction(db, [lead.id], startsOn)).some((a) => a.code === e.areaCode);
      leadFacts = { id: lead.id, name: lead.name, cityWide, coversArea: covers };
    }
    const conflicts = detectConflicts({
      event: {
        id: e.id,
        name: e.name,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        venueKey: toSearchKey(e.venueName),
        point: e.point,
        staffing: e.staffing,
      },
      others: [...others.values()],
      strengths: strengths.map((s) => ({ unitId: s.unitId, from: s.validFrom, to: s.validTo, strength: s.strength })),
      lead: leadFacts,
      unitNames: new Map(units.map((u) => [u.id, u.name])),
    });
    return { conflicts: await this.redactConflicts(actor, conflicts.map((c) => ({ ...c }))), checkedAgainst: others.size };
  }

  /** The conflicts a proposed (or saved, being changed) event would have; for planning screens and the bench. */
  async checkConflicts(
    actor: Actor,
    q: {
      startsAt: string;
      endsAt: string;
      venueName: string;
      point: { lon: number; lat: number } | null;
      areaCode?: string;
      leadUnitId?: string;
      staffing: StaffingLine[];
      eventId?: string;
    },
  ) {
    requirePermission(actor, 'events.read');
    // The saved event being changed must be one the actor sees; the units named go through the one scope check.
    await requireReferencesInScope([
      {
        path: 'body.eventId',
        id: q.eventId,
        allowed: (id) => this.visible(actor, id).then(
          () => true,
          (e: unknown) => {
            if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
            throw e;
          },
        ),
      },
    ]);
    await this.requireUnitReferences(actor, q);
    if (Date.parse(q.endsAt) <= Date.parse(q.startsAt))
      throw invalid([{ path: 'body.endsAt', vi: 'Kết thúc phải sau bắt đầu', en: 'The end must be after the start' }]);
    return this.conflictCheck(actor, {
      id: q.eventId ?? '00000000-0000-0000-0000-000000000000',
      name: '',
      ...q,
      areaCode: q.areaCode ?? null,
      leadUnitId: q.leadUnitId ?? null,
    });
  }

  // ── writing the plan ──────────────────────────────────────────────────────────────────────────

  /** Validates times, venue commune, lead unit, staffing and posts; returns the derived columns. */
  private async validatePlan(
    db: Db_,
    e: {
      startsAt: string;
      endsAt: string;
      areaCode?: string | null;
      point: { lon: number; lat: number } | null;
      leadUnitId: string;
    },
    plan: { staffing?: StaffingLine[]; posts?: { unitId: string | null }[] },
  ) {
    const errors: TFieldError[] = [];
    const start = Date.parse(e.startsAt);
    const end = Date.parse(e.endsAt);
    if (end <= start)
      errors.push({
        path: 'body.endsAt',
        vi: 'Thời gian kết thúc phải sau thời gian bắt đầu',
        en: 'The end must be after the start',
      });
    else if (end - start > repo.MAX_EVENT_DAYS * 86_400_000)
      errors.push({
        path: 'body.endsAt',
        vi: `Sự kiện dài quá ${repo.MAX_EVENT_DAYS} ngày`,
        en: `An event lasts at most ${repo.MAX_EVENT_DAYS} days`,
      });
    if (e.point && (e.point.lon < 102 || e.point.lon > 110 || e.point.lat < 8 || e.point.lat > 24))
      errors.push({ path: 'body.point', vi: 'Vị trí nằm ngoài lãnh thổ Việt Nam', en: 'The point is outside Vietnam' });
    if (errors.length) throw invalid(errors);
    const startsOn = hcmDateOf(e.startsAt);
    let areaCode = e.areaCode ?? null;
    if (!areaCode && e.point) areaCode = await this.deps.areas.locateCode(e.point.lon, e.point.lat, startsOn);
    if (!areaCode)
      throw invalid([
        {
          path: 'body.areaCode',
          vi: 'Cần mã xã, phường của địa điểm (hoặc vị trí trên bản đồ)',
          en: "The venue's commune code (or its point) is needed",
        },
      ]);
    const area = await areaRepo.findAreaOn(db, areaCode, startsOn);
    if (!area || area.level !== 3)
      throw invalid([
        {
          path: 'body.areaCode',
          vi: `Mã xã, phường ${areaCode} không có hiệu lực ngày ${fmt(startsOn)}`,
          en: `Commune code ${areaCode} is not valid on ${startsOn}`,
        },
      ]);
    const lead = await unitRepo.findUnit(db, e.leadUnitId);
    if (!lead)
      throw invalid([{ path: 'body.leadUnitId', vi: 'Đơn vị chủ trì không tồn tại', en: 'Unknown lead unit' }]);
    if (lead.validFrom > startsOn || (lead.validTo && lead.validTo < startsOn))
      throw invalid([
        {
          path: 'body.leadUnitId',
          vi: `Đơn vị chủ trì không hoạt động ngày ${fmt(startsOn)}`,
          en: `The lead unit is not active on ${startsOn}`,
        },
      ]);
    const ids = [
      ...new Set([
        ...(plan.staffing ?? []).map((s) => s.unitId),
        ...(plan.posts ?? []).flatMap((p) => (p.unitId ? [p.unitId] : [])),
      ]),
    ];
    const units = new Map((await unitRepo.findUnitsByIds(db, ids)).map((u) => [u.id, u]));
    const range = staffingDateRange(e);
    const seen = new Set<string>();
    (plan.staffing ?? []).forEach((s, i) => {
      const u = units.get(s.unitId);
      if (!u) errors.push({ path: `body.staffing.${i}.unitId`, vi: 'Đơn vị không tồn tại', en: 'Unknown unit' });
      else if (u.validFrom > s.date || (u.validTo && u.validTo < s.date))
        errors.push({
          path: `body.staffing.${i}.unitId`,
          vi: `${u.name} không hoạt động ngày ${fmt(s.date)}`,
          en: `${u.name} is not active on ${s.date}`,
        });
      if (s.date < range.from || s.date > range.to)
        errors.push({
          path: `body.staffing.${i}.date`,
          vi: `Ngày ${fmt(s.date)} nằm ngoài thời gian sự kiện (${fmt(range.from)} – ${fmt(range.to)})`,
          en: `${s.date} is outside the event (${range.from} – ${range.to})`,
        });
      const key = `${s.unitId}|${s.date}|${s.shift}`;
      if (seen.has(key))
        errors.push({
          path: `body.staffing.${i}`,
          vi: 'Trùng đơn vị, ngày và ca',
          en: 'Same unit, date and shift twice',
        });
      seen.add(key);
    });
    (plan.posts ?? []).forEach((p, i) => {
      if (p.unitId && !units.has(p.unitId))
        errors.push({ path: `body.posts.${i}.unitId`, vi: 'Đơn vị không tồn tại', en: 'Unknown unit' });
    });
    if (errors.length) throw invalid(errors);
    return { area, lead, startsOn, endsOn: hcmDateOf(new Date(end - 1)) };
  }

  /**
   * The units a write names (lead unit, staffing lines, posts), through the one scope check: a unit of the
   * actor's scope, or the city command or a city-wide department (templates call on them). Runs before any
   * other check that would name a unit, so an out-of-scope unit answers as an unknown one.
   */
  private async requireUnitReferences(
    actor: Actor,
    input: { leadUnitId?: string; staffing?: readonly { unitId: string }[]; posts?: readonly { unitId: string | null }[] },
  ) {
    const units = this.deps.units;
    await requireReferencesInScope([
      units.unitReference(actor, 'body.leadUnitId', input.leadUnitId, { cityWide: true }),
      ...(input.staffing ?? []).map((l, i) => units.unitReference(actor, `body.staffing.${i}.unitId`, l.unitId, { cityWide: true })),
      ...(input.posts ?? []).map((p, i) => units.unitReference(actor, `body.posts.${i}.unitId`, p.unitId, { cityWide: true })),
    ]);
  }

  /** The visibility check of a new or changed event: the actor must see it after the write. */
  private async requireCanSee(
    actor: Actor,
    e: { leadUnitId: string; areaCode: string; startsOn: string },
    staffUnits: readonly string[],
  ) {
    const scope = await this.deps.units.scopeRanges(actor);
    if (!EventService.inScope(scope, e, staffUnits)) throw new AppError('OUT_OF_SCOPE');
  }

  /** Units standing for the template's roles: the lead unit, and the city departments by code. */
  private async roleUnits(leadUnitId: string, date: string): Promise<(role: StaffRole) => string | null> {
    const codes = ['PC02', 'PC06', 'PC07', 'PC08', 'PA05'];
    const rows = await this.deps.db
      .selectFrom('unit')
      .select(['id', 'code'])
      .where('code', 'in', codes)
      .where('validFrom', '<=', date)
      .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', date)]))
      .execute();
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    return (role) => (role === 'lead' ? leadUnitId : (byCode.get(role) ?? null));
  }

  /** Creates a draft event; with `fromTemplate` its plan is filled from the template of its type. */
  async create(actor: Actor, input: TCreateEvent, opts: { clonedFrom?: string } = {}): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    await this.requireUnitReferences(actor, input);
    const now = this.deps.clock.now();
    let plan = {
      objectives: input.objectives ?? [],
      tasks: input.tasks ?? [],
      posts: input.posts ?? [],
      staffing: input.staffing ?? [],
    };
    if (input.fromTemplate) {
      const t = applyTemplate(
        EVENT_TEMPLATES[input.type],
        { startsAt: input.startsAt, endsAt: input.endsAt, level: input.level, point: input.point },
        await this.roleUnits(input.leadUnitId, hcmDateOf(input.startsAt)),
      );
      plan = {
        objectives: input.objectives ?? t.objectives,
        tasks: input.tasks ?? t.tasks.map((title) => ({ title, done: false })),
        posts: input.posts ?? t.posts,
        staffing: input.staffing ?? t.staffing,
      };
    }
    const v = await this.validatePlan(this.deps.db, input, plan);
    await this.requireCanSee(
      actor,
      { leadUnitId: input.leadUnitId, areaCode: v.area.code, startsOn: v.startsOn },
      plan.staffing.map((s) => s.unitId),
    );
    const id = randomUUID();
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.insertEvents(trx, [
        {
          id,
          name: input.name,
          type: input.type,
          level: input.level,
          status: 'draft',
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          startsOn: v.startsOn,
          endsOn: v.endsOn,
          venueName: input.venueName,
          venueKey: toSearchKey(input.venueName),
          lon: input.point?.lon ?? null,
          lat: input.point?.lat ?? null,
          areaCode: v.area.code,
          areaValidFrom: v.area.validFrom,
          expectedAttendance: input.expectedAttendance,
          organiser: input.organiser,
          leadUnitId: input.leadUnitId,
          riskNotes: input.riskNotes,
          objectives: JSON.stringify(plan.objectives),
          clonedFrom: opts.clonedFrom ?? null,
          searchKey: toSearchKey(`${input.name} ${input.venueName} ${input.organiser}`),
          createdAt: now,
          createdBy: actor.userId,
          updatedAt: now,
          updatedBy: actor.userId,
        },
      ]);
      await repo.replacePlan(trx, id, plan, now);
      await appendAudit(
        trx,
        actor,
        {
          action: opts.clonedFrom ? 'event.cloned' : 'event.created',
          entityType: 'event',
          entityId: id,
          after: {
            name: input.name,
            type: input.type,
            level: input.level,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            leadUnitId: input.leadUnitId,
            areaCode: v.area.code,
            fromTemplate: input.fromTemplate,
          },
          ...(opts.clonedFrom ? { note: { clonedFrom: opts.clonedFrom } } : {}),
        },
        now,
      );
    });
    return this.get(actor, id);
  }

  /** Changes the plan (any subset; lists replace). Only drafts and planned events can change. */
  async update(actor: Actor, id: string, input: TUpdateEvent): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    const before = await this.visible(actor, id);
    await this.requireUnitReferences(actor, input);
    const now = this.deps.clock.now();
    const merged = {
      startsAt: input.startsAt ?? before.startsAt.toISOString(),
      endsAt: input.endsAt ?? before.endsAt.toISOString(),
      point:
        input.point !== undefined
          ? input.point
          : before.lon !== null && before.lat !== null
            ? { lon: before.lon, lat: before.lat }
            : null,
      // A new point without a code finds the commune again; otherwise the stored code on the (maybe new) first day.
      areaCode: input.areaCode ?? (input.point !== undefined && input.point ? null : before.areaCode),
      leadUnitId: input.leadUnitId ?? before.leadUnitId,
    };
    const staffing =
      input.staffing ??
      (input.startsAt || input.endsAt
        ? (await repo.staffingOf(this.deps.db, id)).map((s) => ({ ...s, shift: s.shift as Shift }))
        : undefined);
    const v = await this.validatePlan(this.deps.db, merged, { staffing, posts: input.posts });
    const staffUnits = (staffing ?? (await repo.staffingOf(this.deps.db, id))).map((s) => s.unitId);
    await this.requireCanSee(
      actor,
      { leadUnitId: merged.leadUnitId, areaCode: v.area.code, startsOn: v.startsOn },
      staffUnits,
    );
    await this.deps.db.transaction().execute(async (trx) => {
      await this.locked(trx, id, input.version, EDITABLE_STATUSES, { vi: 'Sửa kế hoạch', en: 'Changing the plan' });
      const fields: Record<string, unknown> = {
        startsAt: new Date(merged.startsAt),
        endsAt: new Date(merged.endsAt),
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        lon: merged.point?.lon ?? null,
        lat: merged.point?.lat ?? null,
        areaCode: v.area.code,
        areaValidFrom: v.area.validFrom,
        leadUnitId: merged.leadUnitId,
        version: before.version + 1,
        updatedAt: now,
        updatedBy: actor.userId,
      };
      for (const k of ['name', 'type', 'level', 'venueName', 'expectedAttendance', 'organiser', 'riskNotes'] as const)
        if (input[k] !== undefined) fields[k] = input[k];
      if (input.venueName) fields.venueKey = toSearchKey(input.venueName);
      if (input.objectives) fields.objectives = JSON.stringify(input.objectives);
      const name = input.name ?? before.name;
      const venue = input.venueName ?? before.venueName;
      const organiser = input.organiser ?? before.organiser;
      fields.searchKey = toSearchKey(`${name} ${venue} ${organiser}`);
      await repo.updateEvent(trx, id, fields);
      await repo.replacePlan(trx, id, { staffing: input.staffing, tasks: input.tasks, posts: input.posts }, now);
      const changed = Object.keys(input).filter((k) => k !== 'version');
      await appendAudit(
        trx,
        actor,
        {
          action: 'event.updated',
          entityType: 'event',
          entityId: id,
          before: {
            startsAt: before.startsAt.toISOString(),
            endsAt: before.endsAt.toISOString(),
            leadUnitId: before.leadUnitId,
            areaCode: before.areaCode,
            name: before.name,
            level: before.level,
          },
          after: {
            startsAt: merged.startsAt,
            endsAt: merged.endsAt,
            leadUnitId: merged.leadUnitId,
            areaCode: v.area.code,
            name,
            level: input.level ?? before.level,
          },
          note: { changed },
        },
        now,
      );
    });
    return this.get(actor, id);
  }

  /**
   * Moves an event along draft → planned → approved → active → closed (or cancelled). Approval re-checks
   * the conflicts: while any stands, only a user with events.override may approve, with a reason, and the
   * override is audited with the conflicts it overrode. Closing records the outcome: "safe" only with no
   * linked incident, "incidents" only with at least one.
   */
  async changeStatus(actor: Actor, id: string, input: TStatusChange): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    const row = await this.visible(actor, id);
    const from = row.status as EventStatus;
    const t = checkTransition(from, input.to);
    if (!t.ok)
      throw new AppError('RULE_VIOLATION', {
        vi: t.vi,
        en: t.en,
        fields: [{ path: 'body.to', vi: t.vi, en: t.en }],
        details: { from, to: input.to },
      });
    let conflicts: TConflict[] = [];
    if (input.to === 'approved') {
      const staffing = await repo.staffingOf(this.deps.db, id);
      conflicts = await this.conflictsOf(actor, {
        id,
        name: row.name,
        startsAt: row.startsAt.toISOString(),
        endsAt: row.endsAt.toISOString(),
        venueName: row.venueName,
        point: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
        areaCode: row.areaCode,
        leadUnitId: row.leadUnitId,
        staffing: staffing.map((s) => ({ unitId: s.unitId, date: s.date, shift: s.shift as Shift, staff: s.staff })),
      });
      if (conflicts.length) {
        if (!input.overrideReason)
          throw new AppError('RULE_VIOLATION', {
            vi: `Còn ${conflicts.length} xung đột; chỉ lãnh đạo, chỉ huy được phê duyệt vượt qua, kèm lý do`,
            en: `${conflicts.length} conflict(s) stand; only a commander may approve over them, with a reason`,
            fields: [
              {
                path: 'body.overrideReason',
                vi: 'Cần lý do phê duyệt vượt xung đột',
                en: 'A reason for the override is needed',
              },
            ],
            details: { conflicts },
          });
        requirePermission(actor, 'events.override');
      }
    }
    let outcome: Outcome | null = null;
    if (input.to === 'closed') {
      if (!input.outcome)
        throw invalid([
          {
            path: 'body.outcome',
            vi: 'Cần kết quả: tuyệt đối an toàn hoặc có vụ việc',
            en: 'The outcome is needed: safe or incidents',
          },
        ]);
      const linked = await repo.countLinkedIncidents(this.deps.db, id);
      if (input.outcome === 'safe' && linked > 0)
        throw new AppError('RULE_VIOLATION', {
          vi: `Sự kiện có ${linked} vụ việc liên kết, không thể kết luận tuyệt đối an toàn`,
          en: `The event has ${linked} linked incident(s); it cannot be closed as safe`,
          fields: [{ path: 'body.outcome', vi: 'Có vụ việc liên kết', en: 'Incidents are linked' }],
        });
      if (input.outcome === 'incidents' && linked === 0)
        throw new AppError('RULE_VIOLATION', {
          vi: 'Hãy liên kết vụ việc từ sổ tiếp nhận trước khi kết luận có vụ việc',
          en: 'Link the incidents from the registry before closing with incidents',
          fields: [{ path: 'body.outcome', vi: 'Chưa có vụ việc liên kết', en: 'No incident linked' }],
        });
      outcome = input.outcome;
    }
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const l = await this.locked(trx, id, input.version);
      if (l.status !== from)
        throw new AppError('CONFLICT', { vi: 'Trạng thái đã thay đổi; hãy tải lại', en: 'The status changed; reload' });
      const fields: Record<string, unknown> = {
        status: input.to,
        version: l.version + 1,
        updatedAt: now,
        updatedBy: actor.userId,
      };
      if (input.to === 'approved')
        Object.assign(fields, {
          approvedAt: now,
          approvedBy: actor.userId,
          overrideReason: conflicts.length ? input.overrideReason : null,
        });
      if (from === 'approved' && input.to === 'planned')
        Object.assign(fields, { approvedAt: null, approvedBy: null, overrideReason: null });
      if (input.to === 'closed') Object.assign(fields, { outcome, outcomeNote: input.note ?? '', closedAt: now });
      if (input.to === 'cancelled' && input.note) fields.outcomeNote = input.note;
      await repo.updateEvent(trx, id, fields);
      await appendAudit(
        trx,
        actor,
        {
          action: input.to === 'approved' && conflicts.length ? 'event.approved_with_override' : `event.${input.to}`,
          entityType: 'event',
          entityId: id,
          before: { status: from },
          after: { status: input.to, ...(outcome ? { outcome } : {}) },
          ...(conflicts.length
            ? { note: { reason: input.overrideReason, conflicts: conflicts.map((c) => c.en) } }
            : input.note
              ? { note: { note: input.note } }
              : {}),
        },
        now,
      );
    });
    return this.get(actor, id);
  }

  /** A new draft with the plan of a past event, moved to new dates (staffing keeps its offset from the first day). */
  async clone(actor: Actor, id: string, input: { name?: string; startsAt: string; endsAt?: string }): Promise<TEvent> {
    const src = await this.get(actor, id);
    const shiftDays = diffDays(hcmDateOf(src.startsAt), hcmDateOf(input.startsAt));
    const endsAt =
      input.endsAt ??
      new Date(Date.parse(input.startsAt) + (Date.parse(src.endsAt) - Date.parse(src.startsAt))).toISOString();
    return this.create(
      actor,
      {
        name: input.name ?? src.name,
        type: src.type,
        level: src.level,
        startsAt: input.startsAt,
        endsAt,
        venueName: src.venueName,
        point: src.point,
        // The commune on the new first day (codes change with the reforms): from the point when there is one.
        areaCode: src.point ? undefined : src.areaCode,
        expectedAttendance: src.expectedAttendance,
        organiser: src.organiser,
        leadUnitId: src.leadUnitId,
        riskNotes: src.riskNotes,
        fromTemplate: false,
        objectives: src.objectives,
        tasks: src.tasks.map((t) => ({ title: t.title, done: false })),
        posts: src.posts.map((p) => ({ name: p.name, point: p.point, unitId: p.unitId, staff: p.staff })),
        staffing: src.staffing.map((s) => ({
          unitId: s.unitId,
          date: addDays(s.date, shiftDays),
          shift: s.shift,
          staff: s.staff,
        })),
      },
      { clonedFrom: id },
    );
  }

  // ── day of the event ──────────────────────────────────────────────────────────────────────────

  /**
   * Writes a timestamped entry of the activity log (who, what, where); it may link an incident of the
   * registry, or record a new one from the entry (in the event's commune, handled by its lead unit) and link it.
   */
  async addLog(
    actor: Actor,
    id: string,
    input: {
      text: string;
      place: string;
      point: { lon: number; lat: number } | null;
      at?: string;
      incidentId?: string;
      createIncident?: { kind: 'crime_report' | 'traffic_accident' | 'fire'; title: string };
    },
  ): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    const row = await this.visible(actor, id);
    const now = this.deps.clock.now();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + 60_000)
      throw invalid([{ path: 'body.at', vi: 'Thời điểm ở tương lai', en: 'The time is in the future' }]);
    if (!['approved', 'active'].includes(row.status))
      throw ruleViolation(
        'Chỉ ghi nhật ký khi sự kiện đã phê duyệt hoặc đang diễn ra',
        'The log is written while the event is approved or active',
        { status: row.status },
      );
    let incidentId = input.incidentId ?? null;
    if (incidentId) await this.requireVisibleIncident(actor, incidentId, 'body.incidentId');
    let newIncident: TCreateIncident | null = null;
    if (input.createIncident) {
      const base = {
        occurredAt: at.toISOString(),
        receivedAt: at.toISOString(),
        areaCode: row.areaCode,
        point: input.point ?? (row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null),
        address: input.place || row.venueName,
        unitId: row.leadUnitId,
        classification: 'thuong' as const,
        title: input.createIncident.title,
        narrative: `${input.text}\n(Sự kiện: ${row.name})`,
      };
      const created: TCreateIncident =
        input.createIncident.kind === 'traffic_accident'
          ? { kind: 'traffic_accident', ...base, deaths: 0, injuries: 0, damageVnd: 0, vehicles: 1 }
          : input.createIncident.kind === 'fire'
            ? {
                kind: 'fire',
                ...base,
                deaths: 0,
                injuries: 0,
                damageVnd: 0,
                premisesType: '',
                cause: '',
                urban: true,
                rescued: 0,
              }
            : {
                kind: 'crime_report',
                ...base,
                reportSource: 'tin_bao',
                receivedBy: 'commune_police',
                remoteArea: false,
              };
      newIncident = created;
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await this.locked(trx, id, undefined, ['approved', 'active'], { vi: 'Ghi nhật ký', en: 'Writing the log' });
      // In the log entry's transaction: an entry that fails leaves no incident behind, and the reverse. The
      // incident service checks incidents.write and the unit scope, and audits the record.
      if (newIncident) incidentId = await this.deps.incidents.createWithin(trx, actor, newIncident);
      const entryId = randomUUID();
      await repo.insertLog(trx, {
        id: entryId,
        eventId: id,
        at,
        actorId: actor.userId,
        actorName: actor.fullName || actor.username,
        text: input.text,
        place: input.place,
        lon: input.point?.lon ?? null,
        lat: input.point?.lat ?? null,
        incidentId,
        createdAt: now,
      });
      if (incidentId) await repo.linkIncident(trx, { eventId: id, incidentId, linkedAt: now, linkedBy: actor.userId });
      await appendAudit(
        trx,
        actor,
        {
          action: 'event.log_written',
          entityType: 'event',
          entityId: id,
          after: { entryId, at: at.toISOString(), incidentId },
        },
        now,
      );
    });
    return this.get(actor, id);
  }

  /** An incident a write links (or a log entry cites), through the one scope check. */
  private async requireVisibleIncident(actor: Actor, incidentId: string, path: string) {
    await requireReferencesInScope([
      this.deps.units.recordReference(actor, path, incidentId, async (id) => {
        const inc = await incidentRepo.findIncident(this.deps.db, id);
        return inc && { ...inc, date: inc.occurredOn };
      }),
    ]);
  }

  /** Links an incident of the registry to an active or closed event (a closed "safe" event becomes "incidents"). */
  async linkIncident(actor: Actor, id: string, incidentId: string): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    await this.visible(actor, id);
    await this.requireVisibleIncident(actor, incidentId, 'body.incidentId');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const l = await this.locked(trx, id, undefined, ['active', 'closed'], {
        vi: 'Liên kết vụ việc',
        en: 'Linking an incident',
      });
      const added = await repo.linkIncident(trx, { eventId: id, incidentId, linkedAt: now, linkedBy: actor.userId });
      if (!added) return;
      if (l.status === 'closed')
        await repo.updateEvent(trx, id, {
          outcome: 'incidents',
          version: l.version + 1,
          updatedAt: now,
          updatedBy: actor.userId,
        });
      await appendAudit(
        trx,
        actor,
        {
          action: 'event.incident_linked',
          entityType: 'event',
          entityId: id,
          after: { incidentId },
          ...(l.status === 'closed' ? { note: { outcome: 'incidents' } } : {}),
        },
        now,
      );
    });
    return this.get(actor, id);
  }

  /** An after-action item (owner unit, due date), followed to closure. */
  async addAction(
    actor: Actor,
    id: string,
    input: { title: string; ownerUnitId: string; dueOn: string },
  ): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    await this.visible(actor, id);
    await requireReferencesInScope([this.deps.units.unitReference(actor, 'body.ownerUnitId', input.ownerUnitId, { cityWide: true })]);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await this.locked(trx, id, undefined, ['active', 'closed'], {
        vi: 'Thêm việc cần làm sau sự kiện',
        en: 'Adding an after-action item',
      });
      const actionId = randomUUID();
      await repo.insertAction(trx, {
        id: actionId,
        eventId: id,
        title: input.title,
        ownerUnitId: input.ownerUnitId,
        dueOn: input.dueOn,
        createdAt: now,
      });
      await appendAudit(
        trx,
        actor,
        { action: 'event.action_added', entityType: 'event', entityId: id, after: { actionId, ...input } },
        now,
      );
    });
    return this.get(actor, id);
  }

  async updateAction(
    actor: Actor,
    id: string,
    actionId: string,
    input: { status: 'open' | 'done'; note: string },
  ): Promise<TEvent> {
    requirePermission(actor, 'events.write');
    await this.visible(actor, id);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await repo.findAction(trx, id, actionId);
      if (!before) throw notFound('việc cần làm');
      await repo.updateAction(trx, actionId, {
        status: input.status,
        doneAt: input.status === 'done' ? now : null,
        doneNote: input.note,
      });
      await appendAudit(
        trx,
        actor,
        {
          action: 'event.action_updated',
          entityType: 'event',
          entityId: id,
          before: { actionId, status: before.status },
          after: { actionId, status: input.status, note: input.note },
        },
        now,
      );
    });
    return this.get(actor, id);
  }

  /** The live board: active events in scope with their last log entry. */
  async board(actor: Actor) {
    requirePermission(actor, 'events.read');
    const rows = await repo.board(this.deps.db, await this.deps.units.scopeRanges(actor));
    return {
      items: rows.map((r) => ({
        ...toListItem(r),
        entries: r.entries,
        incidents: r.incidents,
        lastEntry: r.lastEntry
          ? { at: new Date(r.lastEntry.at).toISOString(), text: r.lastEntry.text, actorName: r.lastEntry.actorName }
          : null,
      })),
    };
  }

  // ── reference: templates, venues, strengths ───────────────────────────────────────────────────

  templates(actor: Actor) {
    requirePermission(actor, 'events.read');
    return {
      items: EVENT_TYPES.map((type) => {
        const t = EVENT_TEMPLATES[type];
        return {
          type,
          label: EVENT_TYPE_LABELS[type],
          objectives: [...t.objectives],
          tasks: [...t.tasks],
          posts: t.posts.map((p) => ({ name: p.name, role: p.role, staff: p.staff })),
          staffing: t.staffing.map((s) => ({ role: s.role, shifts: [...s.shifts], perShift: s.perShift })),
        };
      }),
    };
  }

  /** Known venues with their commune on the date (from the point, when boundaries exist for it). */
  async venues(actor: Actor, dateIn?: string) {
    requirePermission(actor, 'events.read');
    const date = dateIn ?? this.today();
    const items = [];
    for (const v of HANOI_VENUES) {
      const code = await this.deps.areas.locateCode(v.lon, v.lat, date);
      const area = code ? await areaRepo.findAreaOn(this.deps.db, code, date) : undefined;
      items.push({
        key: v.key,
        name: v.name,
        point: { lon: v.lon, lat: v.lat },
        areaCode: area?.code ?? null,
        areaFullName: area?.fullName ?? null,
      });
    }
    return { items };
  }

  /**
   * Available strengths of the units the actor may staff: those of their scope and the city-wide units
   * (the city command and its departments). Another unit's figures are left out, asked for by id or not.
   */
  async strengths(actor: Actor, unitId?: string) {
    requirePermission(actor, 'events.read');
    const rows = unitId ? await repo.strengthsOf(this.deps.db, [unitId]) : await repo.allStrengths(this.deps.db);
    const scope = await this.deps.units.scopeRanges(actor);
    let shown = rows;
    if (!scope.all) {
      const units = new Map((await unitRepo.findUnitsByIds(this.deps.db, [...new Set(rows.map((r) => r.unitId))])).map((u) => [u.id, u]));
      shown = rows.filter((r) => {
        const u = units.get(r.unitId);
        return !!u && (scope.unitIds.includes(u.id) || isUnitInScope(actor, u.path) || u.kind === 'city' || u.cityWide);
      });
    }
    return {
      items: shown.map((r) => ({
        unitId: r.unitId,
        unitName: r.unitName,
        from: r.validFrom,
        to: r.validTo,
        strength: r.strength,
      })),
    };
  }

  /** Sets a unit's available strength from a date (to a date): a one-day rule overrides the standing one. */
  async setStrength(actor: Actor, input: { unitId: string; from: string; to: string | null; strength: number }) {
    requirePermission(actor, 'events.write');
    if (input.to && input.to < input.from)
      throw invalid([{ path: 'body.to', vi: 'Ngày kết thúc trước ngày bắt đầu', en: 'to is before from' }]);
    await requireReferencesInScope([this.deps.units.unitReference(actor, 'body.unitId', input.unitId)]);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.upsertStrengths(trx, [
        { unitId: input.unitId, validFrom: input.from, validTo: input.to, strength: input.strength, updatedAt: now },
      ]);
      await appendAudit(
        trx,
        actor,
        { action: 'unit.strength_set', entityType: 'unit', entityId: input.unitId, after: input },
        now,
      );
    });
    return this.strengths(actor, input.unitId);
  }

  // ── statistics ────────────────────────────────────────────────────────────────────────────────

  private periodOf(q: TEventStatsQuery): Period {
    if (q.period === 'custom') return customPeriod(q.from!, q.to!);
    return periodContaining(q.period as PeriodKind, q.date ?? this.today());
  }

  /**
   * Protected (closed) and absolutely safe events counted by their first day, within the actor's event scope:
   * the figures the statistics endpoint (`/api/stats`, metrics events_*) and the targets read.
   */
  async protectedCounts(
    actor: Actor,
    q: { from: string; to: string; by: 'none' | 'type' | 'level' | 'unit' | 'month'; leadUnitId?: string; areaCodes?: readonly string[] },
  ) {
    requirePermission(actor, 'events.read');
    const scope = await this.deps.units.scopeRanges(actor);
    return {
      scoped: !scope.all,
      rows: await repo.countProtected(this.deps.db, scope, q.from, q.to, q.by, { leadUnitId: q.leadUnitId, areaCodes: q.areaCodes }),
    };
  }

  /**
   * The events page's summary: events protected in a period (closed, counted by their first day) and those
   * "absolutely safe" (no linked incident), with the share, the comparison with the same period last year and
   * the headline phrase; by type, level or lead unit. The same counts as protectedCounts (one repository query).
   */
  async stats(actor: Actor, q: TEventStatsQuery): Promise<TEventStats> {
    requirePermission(actor, 'events.read');
    const scope = await this.deps.units.scopeRanges(actor);
    const period = this.periodOf(q);
    // Like for like (src/domain/periods/like-for-like.ts): a running period counted to today against the same
    // days a year earlier, an ended one whole with whole.
    const lfl = likeForLike(period, this.today(), 'same_period');
    const cmp = lfl.comparisonPeriod!;
    const cur0 = lfl.current;
    const [cur, prev, curTotal, prevTotal] = await Promise.all([
      repo.countProtected(this.deps.db, scope, cur0.start, cur0.end, q.breakdown),
      repo.countProtected(this.deps.db, scope, cmp.start, cmp.end, q.breakdown),
      q.breakdown === 'none'
        ? Promise.resolve(null)
        : repo.countProtected(this.deps.db, scope, cur0.start, cur0.end, 'none'),
      q.breakdown === 'none'
        ? Promise.resolve(null)
        : repo.countProtected(this.deps.db, scope, cmp.start, cmp.end, 'none'),
    ]);
    const sum = (rows: { protected: number; safe: number }[]) =>
      rows.reduce((a, r) => ({ protected: a.protected + r.protected, safe: a.safe + r.safe }), {
        protected: 0,
        safe: 0,
      });
    const figures = (x: { protected: number; safe: number }) => ({
      ...x,
      safeShare: x.protected ? Math.round((x.safe / x.protected) * 1000) / 10 : null,
    });
    const c = figures(sum(curTotal ?? cur));
    const p = figures(sum(prevTotal ?? prev));
    const ch = change(c.protected, p.protected);
    const unit = { vi: 'sự kiện', en: 'events', enSingular: 'event' };
    let labels = new Map<string, string>();
    if (q.breakdown === 'type') labels = new Map(EVENT_TYPES.map((t) => [t, EVENT_TYPE_LABELS[t].vi]));
    if (q.breakdown === 'level') labels = new Map(Object.entries(EVENT_LEVEL_LABELS).map(([k, v]) => [k, v.vi]));
    if (q.breakdown === 'unit')
      labels = new Map(
        (
          await unitRepo.findUnitsByIds(
            this.deps.db,
            cur.map((r) => r.key),
          )
        ).map((u) => [u.id, u.name]),
      );
    const prevByKey = new Map(prev.map((r) => [r.key, r.protected]));
    const rows =
      q.breakdown === 'none'
        ? []
        : cur
            .map((r) => ({
              key: r.key,
              label: labels.get(r.key) ?? r.key,
              ...figures(r),
              comparisonProtected: prevByKey.get(r.key) ?? 0,
            }))
            .sort((a, b) => b.protected - a.protected || a.label.localeCompare(b.label, 'vi'));
    const n = c.safe.toLocaleString('vi-VN');
    return {
      period: periodOut(period),
      comparisonPeriod: periodOut(cmp),
      ranges: {
        asOf: lfl.asOf,
        running: lfl.running,
        current: lfl.current,
        comparison: lfl.comparison!,
        wording: lfl.wording,
      },
      breakdown: q.breakdown,
      scoped: !scope.all,
      current: c,
      comparison: p,
      change: {
        absolute: ch.absolute,
        percent: ch.percent,
        z: ch.z,
        label: ch.label,
        phrase: {
          vi: phraseChange(c.protected, p.protected, { lang: 'vi', unit, style: 'absolute' }),
          en: phraseChange(c.protected, p.protected, { lang: 'en', unit, style: 'absolute' }),
        },
      },
      headline: {
        vi: `Bảo vệ tuyệt đối an toàn ${n} sự kiện`,
        en: `${c.safe.toLocaleString('en-US')} event${c.safe === 1 ? '' : 's'} protected with no incident`,
      },
      rows,
    };
  }
}

function toListItem(r: {
  id: string;
  name: string;
  type: string;
  level: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  lon: number | null;
  lat: number | null;
  areaCode: string;
  leadUnitId: string;
  leadUnitName: string;
  outcome: string | null;
  staffTotal: number;
}): TEventListItem {
  return {
    id: r.id,
    name: r.name,
    type: r.type as EventType,
    level: r.level as EventLevel,
    status: r.status as EventStatus,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    venueName: r.venueName,
    point: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
    areaCode: r.areaCode,
    leadUnitId: r.leadUnitId,
    leadUnitName: r.leadUnitName,
    outcome: r.outcome as Outcome | null,
    staffTotal: Number(r.staffTotal),
  };
}
