import { randomUUID } from 'node:crypto';
import type { TUnit, TUnitKind } from '../../../contracts/units';
import { hcmDateOf } from '../../../domain/calendar/dates';
import { isUnitInScope, notVisible, requirePermission, requireReferencesInScope, type Reference } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema.generated';
import { AppError, ruleViolation } from '../../platform/errors';
import * as areaRepo from '../areas/areas.repository';
import * as repo from './units.repository';

function toUnit(r: repo.UnitRow): TUnit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as TUnitKind,
    parentId: r.parentId,
    validFrom: r.validFrom,
    validTo: r.validTo,
    cityWide: r.cityWide,
  };
}

const auditView = (r: repo.UnitRow | repo.NewUnit) => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  parentId: r.parentId,
  validFrom: r.validFrom,
  validTo: r.validTo,
  cityWide: r.cityWide,
});

/** What a user may see on a date: every area, or the listed ones (through the jurisdiction of their units). */
export type Scope = { all: true } | { all: false; areaCodes: Set<string>; unitIds: Set<string> };

/**
 * What a user may see over time, for record lists: every record, or those handled by one of `unitIds`
 * or that happened in one of the communes while it was under the jurisdiction of those units.
 */
export type ScopeRanges = { all: true } | { all: false; unitIds: string[]; ranges: { code: string; from: string; to: string }[] };

/**
 * How long a computed scope is reused. Scopes change only when units or jurisdictions change; a write in
 * this process clears the cache at once, other processes see it within this time.
 */
const SCOPE_TTL_MS = 30_000;

export class UnitService {
  private readonly scopeCache = new Map<string, { at: number; value: Promise<ScopeRanges> }>();

  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  private today() {
    return hcmDateOf(this.deps.clock.now());
  }

  /** Units of the actor's subtree (valid on `date` when given), in tree order. */
  async list(actor: Actor, q: { date?: string; kind?: string; q?: string; limit?: number } = {}) {
    requirePermission(actor, 'units.read');
    const rows = await repo.listUnitsUnder(this.deps.db, actor.unitPath, q);
    return rows.map(toUnit);
  }

  private async inScope(actor: Actor, id: string, db: Parameters<typeof repo.findUnit>[0] = this.deps.db) {
    const unit = await repo.findUnit(db, id);
    if (!unit || !isUnitInScope(actor, unit.path)) throw notVisible('đơn vị');
    return unit;
  }

  /**
   * A unit referred to by a write (`requireReferencesInScope`): it must exist and be one of the actor's
   * scope units (their subtree and the units those succeeded; every unit for the city command and the
   * city-wide departments) — or, with `cityWide`, be the city command or a city-wide department, which any unit may call
   * on (event staffing, cooperating units) — and, with `date`, be active on that date.
   */
  unitReference(
    actor: Actor,
    path: string,
    id: string | null | undefined,
    opts: { date?: string; cityWide?: boolean; db?: Db | Transaction<DB> } = {},
  ): Reference {
    return {
      path,
      id,
      allowed: async (unitId) => {
        const unit = await repo.findUnit(opts.db ?? this.deps.db, unitId);
        if (!unit) return false;
        if (!isUnitInScope(actor, unit.path) && !(opts.cityWide && (unit.kind === 'city' || unit.cityWide))) {
          const s = await this.scopeRanges(actor, opts.db);
          if (!s.all && !s.unitIds.includes(unit.id)) return false;
        }
        if (opts.date && (unit.validFrom > opts.date || (unit.validTo && unit.validTo < opts.date)))
          return { vi: `${unit.name} không hoạt động ngày ${opts.date}`, en: `${unit.name} is not active on ${opts.date}` };
        return true;
      },
    };
  }

  /**
   * A record (incident, event…) referred to by a write: `load` finds it (undefined when it does not exist),
   * `check` may refuse a visible one with a rule of its own (a case's report must be a crime report).
   */
  recordReference<R extends { unitId: string; areaCode: string; date: string }>(
    actor: Actor,
    path: string,
    id: string | null | undefined,
    load: (id: string) => Promise<R | undefined>,
    opts: { db?: Db | Transaction<DB>; check?: (r: R) => { vi: string; en: string } | null } = {},
  ): Reference {
    return {
      path,
      id,
      allowed: async (recordId) => {
        const r = await load(recordId);
        if (!r || !(await this.canSeeRecord(actor, r, opts.db))) return false;
        return opts.check?.(r) ?? true;
      },
    };
  }

  /** A unit with its history and jurisdiction; with `date`, only the children valid on that date. */
  async detail(actor: Actor, id: string, date?: string) {
    requirePermission(actor, 'units.read');
    const { db } = this.deps;
    const unit = await this.inScope(actor, id);
    const [parent, children, predecessors, successors, jurisdiction] = await Promise.all([
      unit.parentId ? repo.findUnit(db, unit.parentId) : Promise.resolve(undefined),
      repo.childrenOf(db, id, date),
      repo.predecessorsOf(db, id),
      repo.successorsOf(db, id),
      repo.jurisdictionOf(db, id),
    ]);
    return {
      unit: toUnit(unit),
      parent: parent ? { id: parent.id, code: parent.code, name: parent.name, validFrom: parent.validFrom, validTo: parent.validTo } : null,
      children,
      predecessors,
      successors,
      jurisdiction,
    };
  }

  /**
   * Creates a unit. Without a parent only the system may create a root. The unit's validity must lie
   * within its parent's; predecessors must be in the actor's scope.
   */
  async create(
    actor: Actor,
    input: { code: string; name: string; kind?: TUnitKind; parentId: string | null; validFrom?: string; validTo?: string | null; cityWide?: boolean; predecessorIds?: string[] },
  ): Promise<TUnit> {
    requirePermission(actor, 'units.manage');
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const validFrom = input.validFrom ?? '2020-01-01';
      const validTo = input.validTo ?? null;
      if (validTo && validTo < validFrom) throw ruleViolation('Ngày kết thúc trước ngày bắt đầu', 'validTo is before validFrom');
      let parentPath = '/';
      if (input.parentId) {
        const parent = await this.inScope(actor, input.parentId, trx);
        if (validFrom < parent.validFrom || (parent.validTo && (!validTo || validTo > parent.validTo)))
          throw ruleViolation(
            `Thời gian hiệu lực phải nằm trong thời gian của đơn vị cấp trên (${parent.validFrom} – ${parent.validTo ?? 'nay'})`,
            `Validity must lie within the parent's (${parent.validFrom} – ${parent.validTo ?? 'now'})`,
          );
        parentPath = parent.path;
      } else if (actor.kind !== 'system') {
        throw new AppError('FORBIDDEN');
      }
      if (await repo.findUnitByCode(trx, input.code))
        throw new AppError('CONFLICT', {
          vi: `Mã đơn vị ${input.code} đã tồn tại`,
          en: `Unit code ${input.code} exists`,
          fields: [{ path: 'body.code', vi: 'Đã tồn tại', en: 'Already exists' }],
        });
      await requireReferencesInScope((input.predecessorIds ?? []).map((p, i) => this.unitReference(actor, `body.predecessorIds.${i}`, p, { db: trx })));
      const predecessors = await repo.findUnitsByIds(trx, input.predecessorIds ?? []);
      const id = randomUUID();
      const unit: repo.NewUnit = {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind ?? 'other',
        parentId: input.parentId,
        path: `${parentPath}${id}/`,
        validFrom,
        validTo,
        cityWide: input.cityWide ?? false,
      };
      await repo.insertUnits(trx, [unit]);
      if (predecessors.length) await repo.insertSuccessions(trx, predecessors.map((p) => ({ predecessorId: p.id, successorId: id })));
      this.scopeCache.clear();
      await appendAudit(
        trx,
        actor,
        { action: 'unit.created', entityType: 'unit', entityId: id, after: { ...auditView(unit), predecessorIds: predecessors.map((p) => p.id) } },
        now,
      );
      return toUnit({ ...unit });
    });
  }

  async update(actor: Actor, id: string, input: { name?: string; validTo?: string | null; cityWide?: boolean }): Promise<TUnit> {
    requirePermission(actor, 'units.manage');
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.inScope(actor, id, trx);
      if (before.path === actor.unitPath && input.validTo !== undefined)
        throw ruleViolation('Không thể tự giải thể đơn vị của mình', 'You cannot end your own unit');
      if (input.validTo && input.validTo < before.validFrom)
        throw ruleViolation('Ngày kết thúc trước ngày bắt đầu', 'validTo is before validFrom');
      await repo.updateUnit(trx, id, input);
      const after = (await repo.findUnit(trx, id))!;
      this.scopeCache.clear();
      await appendAudit(trx, actor, { action: 'unit.updated', entityType: 'unit', entityId: id, before: auditView(before), after: auditView(after) }, now);
      return toUnit(after);
    });
  }

  /** Gives a unit jurisdiction over an area (the code valid on `areaDate`) for an interval within the unit's. */
  async addJurisdiction(actor: Actor, id: string, input: { areaCode: string; areaDate?: string; validFrom: string; validTo?: string | null }) {
    requirePermission(actor, 'units.manage');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const unit = await this.inScope(actor, id, trx);
      const validTo = input.validTo ?? null;
      if (validTo && validTo < input.validFrom) throw ruleViolation('Ngày kết thúc trước ngày bắt đầu', 'validTo is before validFrom');
      if (input.validFrom < unit.validFrom || (unit.validTo && (!validTo || validTo > unit.validTo)))
        throw ruleViolation('Thời gian quản lý phải nằm trong thời gian hiệu lực của đơn vị', "The interval must lie within the unit's validity");
      const areaDate = input.areaDate ?? input.validFrom;
      const area = await areaRepo.findAreaOn(trx, input.areaCode, areaDate);
      if (!area)
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'body.areaCode', vi: `Không có địa bàn ${input.areaCode} ngày ${areaDate}`, en: `No area ${input.areaCode} on ${areaDate}` }],
        });
      const row = { unitId: id, areaCode: area.code, areaValidFrom: area.validFrom, validFrom: input.validFrom, validTo };
      await repo.insertJurisdictions(trx, [row]);
      this.scopeCache.clear();
      await appendAudit(trx, actor, { action: 'unit.jurisdiction_added', entityType: 'unit', entityId: id, after: row }, now);
    });
    return this.detail(actor, id);
  }

  /**
   * The actor's scope on a date. The city command and city-wide departments see everything; other units
   * see the areas under the jurisdiction, on that date, of the units of their subtree and of the units
   * those succeeded (a ward station inherits the history of the stations it replaced).
   */
  async scopeOn(actor: Actor, date: string): Promise<Scope> {
    const units = await this.scopeUnits(actor);
    if (units.all) return units;
    const areas = await repo.areasUnderJurisdiction(this.deps.db, units.unitIds, date);
    return { all: false, areaCodes: new Set(areas.map((a) => a.code)), unitIds: new Set(units.unitIds) };
  }

  /** The units whose records the actor sees: their subtree and the units those succeeded. */
  private async scopeUnits(actor: Actor, db: Db | Transaction<DB> = this.deps.db): Promise<{ all: true } | { all: false; unitIds: string[] }> {
    if (actor.kind === 'system' || actor.unitPath === '/') return { all: true };
    const own = await repo.listUnitsUnder(db, actor.unitPath);
    const head = own.find((u) => u.path === actor.unitPath);
    if (head && (head.kind === 'city' || head.cityWide)) return { all: true };
    const ids = own.map((u) => u.id);
    return { all: false, unitIds: [...new Set([...ids, ...(await repo.predecessorClosure(db, ids))])] };
  }

  /** The actor's scope over all dates (see ScopeRanges), for record lists and exports; cached per unit. */
  async scopeRanges(actor: Actor, db: Db | Transaction<DB> = this.deps.db): Promise<ScopeRanges> {
    if (actor.kind === 'system' || actor.unitPath === '/') return { all: true };
    const hit = this.scopeCache.get(actor.unitPath);
    if (hit && Date.now() - hit.at < SCOPE_TTL_MS) return hit.value;
    const value = (async (): Promise<ScopeRanges> => {
      const units = await this.scopeUnits(actor, db);
      if (units.all) return units;
      return { all: false, unitIds: units.unitIds, ranges: await repo.jurisdictionRanges(db, units.unitIds) };
    })();
    this.scopeCache.set(actor.unitPath, { at: Date.now(), value });
    value.catch(() => this.scopeCache.delete(actor.unitPath));
    return value;
  }

  /** Whether a record (its handling unit, commune and date) lies in the actor's scope. */
  async canSeeRecord(
    actor: Actor,
    record: { unitId: string; areaCode: string; date: string },
    db: Db | Transaction<DB> = this.deps.db,
  ): Promise<boolean> {
    const s = await this.scopeRanges(actor, db);
    if (s.all) return true;
    if (s.unitIds.includes(record.unitId)) return true;
    return s.ranges.some((r) => r.code === record.areaCode && r.from <= record.date && record.date <= r.to);
  }

  async scope(actor: Actor, dateIn?: string) {
    requirePermission(actor, 'units.read');
    const date = dateIn ?? this.today();
    const s = await this.scopeOn(actor, date);
    const { db } = this.deps;
    if (s.all) return { date, all: true, areas: [], units: [] };
    const [areas, units] = await Promise.all([
      repo.areasUnderJurisdiction(db, [...s.unitIds], date),
      repo.findUnitsByIds(db, [...s.unitIds]),
    ]);
    return {
      date,
      all: false,
      areas,
      units: units
        .filter((u) => u.validFrom <= date && (!u.validTo || u.validTo >= date))
        .map((u) => ({ id: u.id, code: u.code, name: u.name })),
    };
  }
}
