import { randomUUID } from 'node:crypto';
import type { TFieldError } from '../../../contracts/errors';
import {
  ZIncidentListQuery,
  type TCreateIncident,
  type TIncident,
  type TIncidentCount,
  type TIncidentCountQuery,
  type TIncidentDueCounts,
  type TIncidentListQuery,
  type TUpdateIncident,
} from '../../../contracts/incidents';
import { addDays, diffDays, hcmDateOf, hcmStartOfDay } from '../../../domain/calendar/dates';
import { isStatusOf, statusLabel, type IncidentKind } from '../../../domain/incidents/kinds';
import { normalizeIdentifier } from '../../../domain/incidents/scam-identifiers';
import { classifyTrafficAccident } from '../../../domain/incidents/traffic-severity';
import { validatePoint, validateTimes, validatePenalCode } from '../../../domain/incidents/validation';
import {
  applyTransition,
  createClock,
  evaluateClock,
  isClockError,
  type ClockConfig,
  type ClockEvent,
  type ClockState,
} from '../../../domain/law/legal-clock';
import { findArticle, searchArticles, severityOf, statisticalGroupOf } from '../../../domain/law/penal-code';
import { toSearchKey } from '../../../domain/text/vietnamese';
import { notVisible, requirePermission, requireReferencesInScope } from '../../platform/access';
import type { Actor } from '../../platform/actor';
import { appendAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema.generated';
import { AppError, notFound, ruleViolation } from '../../platform/errors';
import * as areaRepo from '../areas/areas.repository';
import * as unitRepo from '../units/units.repository';
import type { ScopeRanges, UnitService } from '../units/units.service';
import * as repo from './incidents.repository';
import type { Transaction } from 'kysely';

export const REF_PREFIX: Record<IncidentKind, string> = {
  crime_report: 'TB',
  criminal_case: 'VA',
  traffic_accident: 'TN',
  fire: 'CN',
  online_fraud: 'LD',
};

/** "Due soon" on the home page: resolution due within this many days, today included. */
export const DUE_SOON_DAYS = 5;

const INITIAL_STATUS: Record<Exclude<IncidentKind, 'crime_report'>, string> = {
  criminal_case: 'investigating',
  traffic_accident: 'received',
  fire: 'received',
  online_fraud: 'received',
};

/**
 * Records classified `mật` (confidential): only readers with `incidents.read_confidential` open them; the
 * others see them in lists and exports as a redacted row (kind, reference, date, unit, commune,
 * classification, status — the title replaced by this text), their text search skips them, and the
 * statistics count them like any other.
 */
export const CONFIDENTIAL_TITLE = 'Hồ sơ mật (confidential)';
export const canReadConfidential = (actor: Actor) => actor.permissions.has('incidents.read_confidential');
const confidentialRefused = (path?: string) =>
  new AppError('FORBIDDEN', {
    vi: 'Hồ sơ mật: cần quyền đọc hồ sơ mật',
    en: 'Confidential record: it needs the permission to read confidential records',
    details: { permission: 'incidents.read_confidential' },
    ...(path ? { fields: [{ path, vi: 'Cần quyền đọc hồ sơ mật', en: 'Needs the permission to read confidential records' }] } : {}),
  });

/** Fields only readers with `incidents.sensitive` see (and their reading is audited). */
const SENSITIVE = ['narrative', 'reporterName', 'reporterContact'] as const;

const invalid = (fields: TFieldError[]) => new AppError('VALIDATION_FAILED', { fields });
const body = (errors: { path: string; vi: string; en: string }[]): TFieldError[] =>
  errors.map((e) => ({ path: `body.${e.path}`, vi: e.vi, en: e.en }));

/** The columns derived from the Penal Code article and clause, on the occurrence date. */
export function crimeColumns(article: string | null | undefined, clause: number | null | undefined, date: string) {
  if (!article) return { article: null, clause: null, severity: null, statGroup: null, category: null };
  const severity = clause ? severityOf(article, clause, date) : null;
  const group = statisticalGroupOf(article);
  return {
    article,
    clause: clause ?? null,
    severity: severity?.ok ? severity.value : null,
    statGroup: group.ok ? group.value : null,
    category: article,
  };
}

function trafficSeverity(deaths: number, injuries: number, damageVnd: number) {
  return classifyTrafficAccident({ deaths, injuries: Array.from({ length: injuries }, () => null), damageVnd }).severity;
}

/**
 * The search key of an incident: its reference number, then the key of its title, address, area and source ID
 * (`searchTail`). The same as `toSearchKey` of the whole text, so a reference number given later (the importer
 * builds rows before it reserves their numbers) only needs the short part recomputed.
 */
export function searchKeyOf(refNo: string, searchTail: string): string {
  const ref = toSearchKey(refNo);
  return ref && searchTail ? `${ref} ${searchTail}` : ref || searchTail;
}

/**
 * The row of a new incident with every derived field (status and legal clock, severity and statistical group
 * from article and clause, traffic severity, category, search key), shared by `create` and the importer so
 * both write the same record. Pure apart from the clock configuration passed in.
 */
export function buildIncidentRow(
  input: TCreateIncident,
  ctx: {
    id: string;
    refNo: string;
    area: { code: string; validFrom: string; fullName: string };
    unitId: string;
    now: Date;
    actorId: string | null;
    occurredOn: string;
    source?: string;
    externalId?: string;
    importBatchId?: string;
    sourceCategory?: string | null;
    clockConfig: ClockConfig;
  },
): { row: Record<string, unknown>; status: string; searchTail: string } | { error: { vi: string; en: string } } {
  const { id, refNo, area, now, occurredOn } = ctx;
  const searchTail = toSearchKey(`${input.title} ${input.address} ${area.fullName} ${ctx.externalId ?? ''}`);
  let clock: ClockState | null = null;
  let status: string;
  if (input.kind === 'crime_report') {
    const c = createClock({
      receivedAt: new Date(input.receivedAt).toISOString(),
      source: input.reportSource,
      receivedBy: input.receivedBy,
      remoteArea: input.remoteArea,
    });
    if (isClockError(c)) return { error: c.error };
    clock = c;
    status = c.status;
  } else {
    status = INITIAL_STATUS[input.kind];
  }
  const crime = 'article' in input ? crimeColumns(input.article, input.clause, occurredOn) : crimeColumns(null, null, occurredOn);
  const row: Record<string, unknown> = {
    id,
    refNo,
    kind: input.kind,
    status,
    classification: input.classification,
    title: input.title,
    narrative: input.narrative,
    occurredAt: new Date(input.occurredAt),
    occurredOn,
    receivedAt: new Date(input.receivedAt),
    areaCode: area.code,
    areaValidFrom: area.validFrom,
    lon: input.point?.lon ?? null,
    lat: input.point?.lat ?? null,
    address: input.address,
    unitId: ctx.unitId,
    ...crime,
    source: ctx.source ?? 'manual',
    externalId: ctx.externalId ?? null,
    importBatchId: ctx.importBatchId ?? null,
    searchKey: searchKeyOf(refNo, searchTail),
    createdAt: now,
    updatedAt: now,
    createdBy: ctx.actorId,
    updatedBy: ctx.actorId,
  };
  switch (input.kind) {
    case 'crime_report':
      Object.assign(row, {
        reportSource: input.reportSource,
        receivedBy: input.receivedBy,
        remoteArea: input.remoteArea,
        suspects: input.suspects ?? null,
        victims: input.victims ?? null,
        reporterName: input.reporterName ?? null,
        reporterContact: input.reporterContact ?? null,
        clock: JSON.stringify(clock),
        resolutionDue: evaluateClock(clock!, ctx.clockConfig, now.toISOString()).resolutionDue?.date ?? null,
      });
      break;
    case 'criminal_case':
      Object.assign(row, { suspects: input.suspects ?? null, victims: input.victims ?? null, reportId: input.reportId ?? null });
      break;
    case 'traffic_accident':
      Object.assign(row, {
        deaths: input.deaths,
        injuries: input.injuries,
        damageVnd: input.damageVnd,
        vehicles: input.vehicles,
        trafficSeverity: trafficSeverity(input.deaths, input.injuries, input.damageVnd),
        parentId: input.parentId ?? null,
        category: 'traffic',
      });
      break;
    case 'fire':
      Object.assign(row, {
        deaths: input.deaths,
        injuries: input.injuries,
        damageVnd: input.damageVnd,
        premisesType: input.premisesType,
        cause: input.cause,
        urban: input.urban,
        rescued: input.rescued,
        category: input.premisesType || 'fire',
      });
      break;
    case 'online_fraud':
      Object.assign(row, { channel: input.channel, amountLostVnd: input.amountLostVnd, category: input.channel || 'online' });
      break;
  }
  if (ctx.sourceCategory !== undefined) row.sourceCategory = ctx.sourceCategory;
  return { row, status, searchTail };
}

export class IncidentService {
  constructor(private readonly deps: { db: Db; clock: Clock; config: Config; units: UnitService }) {}

  private get clockConfig(): ClockConfig {
    return { receiptDayCounts: this.deps.config.clockReceiptDayCounts };
  }

  private nowIso() {
    return this.deps.clock.now().toISOString();
  }

  /** The area valid on the date, or a field error naming the code and the date. */
  private async areaOn(db: Db | Transaction<DB>, code: string, date: string, path: string) {
    const area = await areaRepo.findAreaOn(db, code, date);
    if (!area)
      throw invalid([
        {
          path,
          vi: `Mã địa bàn ${code} không có hiệu lực ngày ${date.split('-').reverse().join('/')}`,
          en: `Area code ${code} is not valid on ${date}`,
        },
      ]);
    if (area.level !== 3) throw invalid([{ path, vi: 'Cần mã xã, phường', en: 'A commune code is needed' }]);
    return area;
  }

  /**
   * The ids a write refers to, through the one scope check (`requireReferencesInScope`): the handling unit
   * (in the actor's subtree, active on the date), the crime report a case was opened from and the parent
   * record (both visible to the actor). Out of scope and unknown answer alike.
   */
  private async requireReferences(
    actor: Actor,
    db: Db | Transaction<DB>,
    refs: { unitId?: string; unitDate?: string; reportId?: string | null; parentId?: string | null },
  ) {
    const load = async (id: string) => {
      const r = await repo.findIncident(db, id);
      return r && { ...r, date: r.occurredOn };
    };
    const units = this.deps.units;
    await requireReferencesInScope([
      units.unitReference(actor, 'body.unitId', refs.unitId, { date: refs.unitDate, db }),
      units.recordReference(actor, 'body.reportId', refs.reportId, load, {
        db,
        check: (r) => (r.kind === 'crime_report' ? null : { vi: 'Không phải tin báo, tố giác', en: 'Not a crime report' }),
      }),
      units.recordReference(actor, 'body.parentId', refs.parentId, load, {
        db,
        check: (r) => (r.kind === 'traffic_accident' ? null : { vi: 'Không phải vụ tai nạn giao thông', en: 'Not a traffic accident' }),
      }),
    ]);
  }

  /** Records a new incident of any kind with its derived fields, first version and audit entry. */
  async create(actor: Actor, input: TCreateIncident) {
    const id = await this.deps.db.transaction().execute((trx) => this.createWithin(trx, actor, input));
    return this.get(actor, id);
  }

  /**
   * The same inside the caller's transaction (another module's write that records an incident with its own
   * rows, all or nothing); returns the new incident's id.
   */
  async createWithin(
    trx: Transaction<DB>,
    actor: Actor,
    input: TCreateIncident,
    opts: { source?: string; externalId?: string; importBatchId?: string } = {},
  ): Promise<string> {
    requirePermission(actor, 'incidents.write');
    // Whoever records a confidential record must be able to read it back.
    if (input.classification === 'mat' && !canReadConfidential(actor)) throw confidentialRefused('body.classification');
    const now = this.deps.clock.now();
    const errors = body([
      ...validateTimes(input, now),
      ...validatePoint('point', input.point ?? null),
      ...('article' in input ? validatePenalCode({ article: 'article', clause: 'clause' }, input.article, input.clause, hcmDateOf(input.occurredAt)) : []),
    ]);
    const identifiers: { kind: string; value: string; display: string }[] = [];
    if (input.kind === 'online_fraud') {
      input.identifiers.forEach((raw, i) => {
        const n = normalizeIdentifier(raw.kind, raw.value);
        if (n.ok) identifiers.push({ kind: n.kind, value: n.value, display: n.display });
        else errors.push({ path: `body.identifiers.${i}.value`, vi: n.vi, en: n.en });
      });
    }
    if (errors.length) throw invalid(errors);
    const occurredOn = hcmDateOf(input.occurredAt);
    const receivedOn = hcmDateOf(input.receivedAt);
    {
      const area = await this.areaOn(trx, input.areaCode, occurredOn, 'body.areaCode');
      await this.requireReferences(actor, trx, {
        unitId: input.unitId,
        unitDate: receivedOn,
        reportId: input.kind === 'criminal_case' ? input.reportId : null,
        parentId: input.kind === 'traffic_accident' ? input.parentId : null,
      });
      const unit = (await unitRepo.findUnit(trx, input.unitId))!;
      const id = randomUUID();
      const refNo = await repo.nextRefNo(trx, REF_PREFIX[input.kind], Number(receivedOn.slice(0, 4)));
      const built = buildIncidentRow(input, {
        id,
        refNo,
        area,
        unitId: unit.id,
        now,
        actorId: actor.userId,
        occurredOn,
        source: opts.source,
        externalId: opts.externalId,
        importBatchId: opts.importBatchId,
        clockConfig: this.clockConfig,
      });
      if ('error' in built) throw invalid([{ path: 'body.receivedAt', vi: built.error.vi, en: built.error.en }]);
      const { row, status } = built;
      await repo.insertIncident(trx, row);
      await repo.insertIdentifiers(trx, id, identifiers);
      await repo.insertVersion(trx, {
        incidentId: id,
        version: 1,
        at: now,
        actorId: actor.userId,
        actorName: actor.username,
        action: 'created',
        changes: {},
      });
      await appendAudit(
        trx,
        actor,
        { action: 'incident.created', entityType: 'incident', entityId: id, after: { refNo, kind: input.kind, areaCode: area.code, unitId: unit.id, status } },
        now,
      );
      return id;
    }
  }

  private resolutionDue(clock: ClockState): string | null {
    return evaluateClock(clock, this.clockConfig, this.nowIso()).resolutionDue?.date ?? null;
  }

  /**
   * Loads a record the actor may see (handling unit in scope, or its commune under their jurisdiction on
   * its date). Called before a write's transaction opens: PGlite has one connection, and the scope check
   * reads through the pool.
   */
  private async visible(actor: Actor, id: string) {
    requirePermission(actor, 'incidents.read');
    const row = await repo.findIncident(this.deps.db, id);
    // Out of scope answers as "not found", so the answer is no existence oracle.
    if (!row || !(await this.deps.units.canSeeRecord(actor, { unitId: row.unitId, areaCode: row.areaCode, date: row.occurredOn })))
      throw notVisible('vụ việc');
    // A confidential record is opened (read, changed, stepped) only with the permission; lists show it redacted.
    if (row.classification === 'mat' && !canReadConfidential(actor)) throw confidentialRefused();
    return row;
  }

  /** Inside a write: lock the row, reload it, and check the version the client read. */
  private async lockedForWrite(trx: Transaction<DB>, id: string, version?: number) {
    await repo.lockIncident(trx, id);
    const row = await repo.findIncident(trx, id);
    if (!row) throw notFound('vụ việc');
    if (version !== undefined && row.version !== version)
      throw new AppError('CONFLICT', {
        vi: 'Hồ sơ đã được người khác sửa; hãy tải lại',
        en: 'Someone else changed the record; reload it',
        details: { version: row.version },
      });
    return row;
  }

  /** One record. Sensitive fields appear only with `incidents.sensitive`, and reading them is audited. */
  async get(actor: Actor, id: string): Promise<TIncident> {
    const row = await this.visible(actor, id);
    const canSeeSensitive = actor.permissions.has('incidents.sensitive');
    const [identifiers, caseIds] = await Promise.all([repo.identifiersOf(this.deps.db, id), repo.caseIdsOf(this.deps.db, id)]);
    if (canSeeSensitive && SENSITIVE.some((f) => row[f])) {
      await this.deps.db.transaction().execute((trx) =>
        appendAudit(
          trx,
          actor,
          { action: 'incident.sensitive_read', entityType: 'incident', entityId: id, note: { fields: SENSITIVE.filter((f) => row[f]) } },
          this.deps.clock.now(),
        ),
      );
    }
    return this.toApi(row, { canSeeSensitive, identifiers, caseIds });
  }

  private toApi(
    row: repo.IncidentRow,
    extra: { canSeeSensitive: boolean; identifiers: { kind: string; value: string; display: string }[]; caseIds: string[] },
  ): TIncident {
    const kind = row.kind as IncidentKind;
    const deadlines = row.clock ? this.deadlinesOf(row.clock as ClockState) : null;
    return {
      id: row.id,
      refNo: row.refNo,
      kind,
      status: row.status,
      statusLabel: statusLabel(kind, row.status) ?? { vi: row.status, en: row.status },
      classification: row.classification as TIncident['classification'],
      title: row.title,
      narrative: extra.canSeeSensitive ? row.narrative : null,
      occurredAt: row.occurredAt.toISOString(),
      occurredOn: row.occurredOn,
      receivedAt: row.receivedAt.toISOString(),
      areaCode: row.areaCode,
      areaFullName: row.areaFullName,
      point: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
      address: row.address,
      unitId: row.unitId,
      unitName: row.unitName,
      category: row.category,
      sourceCategory: row.sourceCategory,
      reportSource: row.reportSource as TIncident['reportSource'],
      article: row.article,
      clause: row.clause,
      articleTitle: row.article ? (findArticle(row.article)?.title ?? null) : null,
      severity: row.severity,
      statGroup: row.statGroup,
      cleared: row.cleared,
      clearedOn: row.clearedOn,
      suspects: row.suspects,
      victims: row.victims,
      reporterName: extra.canSeeSensitive ? row.reporterName : null,
      reporterContact: extra.canSeeSensitive ? row.reporterContact : null,
      reportId: row.reportId,
      caseIds: extra.caseIds,
      deaths: row.deaths,
      injuries: row.injuries,
      damageVnd: row.damageVnd,
      vehicles: row.vehicles,
      trafficSeverity: row.trafficSeverity,
      parentId: row.parentId,
      premisesType: row.premisesType,
      cause: row.cause,
      urban: row.urban,
      rescued: row.rescued,
      channel: row.channel,
      amountLostVnd: row.amountLostVnd,
      identifiers: extra.identifiers,
      deadlines,
      source: row.source,
      externalId: row.externalId,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Deadlines now, and the clock steps the state allows now (each tried against the pure rules). */
  private deadlinesOf(state: ClockState) {
    const now = this.nowIso();
    const e = evaluateClock(state, this.clockConfig, now);
    const probes: ClockEvent[] = [
      { type: 'start_verification', at: now },
      { type: 'extend', at: now, by: e.nextExtensionBy ?? 'investigating_body', until: e.nextExtensionBy === 'procuracy' ? e.absoluteLimit.nominal : e.investigatingBodyLimit.nominal },
      { type: 'open_case', at: now },
      { type: 'no_case', at: now },
      { type: 'transfer', at: now },
      { type: 'suspend', at: now, reason: 'awaiting_expert_assessment' },
      { type: 'reopen', at: now },
    ];
    const allowed = probes.filter((p) => !isClockError(applyTransition(state, p, this.clockConfig))).map((p) => p.type);
    return {
      receiptDayCounts: this.clockConfig.receiptDayCounts,
      resolutionDue: e.resolutionDue?.date ?? null,
      extensionRequestDue: e.extensionRequestDue,
      absoluteLimit: e.absoluteLimit.date,
      transferDue: e.transferDue,
      daysLeft: e.daysLeft,
      overdue: e.overdue,
      allowed,
    };
  }

  /**
   * A page of the records in the actor's scope with keyset pagination: newest first, or (`sort=due`) the open
   * crime reports first by resolution due date (most days overdue first), then the other rows newest first.
   */
  async list(actor: Actor, q: TIncidentListQuery) {
    requirePermission(actor, 'incidents.read');
    const scope = await this.deps.units.scopeRanges(actor);
    const today = hcmDateOf(this.deps.clock.now());
    const confidential = canReadConfidential(actor);
    const filter = { ...this.filterOf(q, today, actor), limit: q.limit + 1 };
    const { rows, due } = q.sort === 'due' ? await this.listByDue(scope, filter) : { rows: await repo.listIncidents(this.deps.db, scope, filter), due: 0 };
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const kind = r.kind as IncidentKind;
        const open = kind === 'crime_report' && !r.decidedOn && r.resolutionDue;
        const redacted = r.classification === 'mat' && !confidential;
        return {
          id: r.id,
          refNo: r.refNo,
          kind,
          status: r.status,
          statusLabel: statusLabel(kind, r.status) ?? { vi: r.status, en: r.status },
          title: redacted ? CONFIDENTIAL_TITLE : r.title,
          occurredAt: r.occurredAt.toISOString(),
          areaCode: r.areaCode,
          areaFullName: r.areaFullName,
          unitName: r.unitName,
          category: r.category,
          severity: r.severity ?? r.trafficSeverity,
          classification: r.classification as 'thuong' | 'mat',
          resolutionDue: r.resolutionDue,
          daysLeft: open ? diffDays(today, r.resolutionDue!) : null,
          overdue: Boolean(open && r.resolutionDue! < today),
        };
      }),
      // The page's last row says which part of the "by deadline" order the next page continues.
      nextCursor:
        rows.length > q.limit && last
          ? page.length <= due
            ? encodeDueCursor(last.resolutionDue!, last.id)
            : encodeCursor(last.occurredAt, last.id)
          : null,
    };
  }

  /**
   * The "by deadline" order in two keyset parts: open crime reports by (resolution_due, id) through the
   * partial index, then — unless the filter keeps only open reports — every other row newest first. A page
   * may span both parts; `due` is how many of its rows come from the first.
   */
  private async listByDue(scope: ScopeRanges, f: repo.ListFilter): Promise<{ rows: repo.IncidentListRow[]; due: number }> {
    const { db } = this.deps;
    const first = f.after ? [] : await repo.listOpenReportsByDue(db, scope, f);
    if (first.length >= f.limit || f.overdueBefore || f.dueBetween) return { rows: first, due: first.length };
    const rest = await repo.listIncidents(db, scope, { ...f, afterDue: undefined, exceptOpenReports: true, limit: f.limit - first.length });
    return { rows: [...first, ...rest], due: first.length };
  }

  /**
   * The list's total for the same filters. Exact up to `LIST_EXACT_COUNT_UP_TO` rows (a count that stops
   * reading there); above it the query planner's estimate, marked `exact: false` and never below the bound —
   * unless `exact=true` asks for the full count (bench/RESULTS.md has what each costs at a million rows).
   */
  async count(actor: Actor, q: TIncidentCountQuery): Promise<TIncidentCount> {
    requirePermission(actor, 'incidents.read');
    const scope = await this.deps.units.scopeRanges(actor);
    const asOf = hcmDateOf(this.deps.clock.now());
    const { exact, ...filters } = q;
    const f = this.filterOf(filters, asOf, actor);
    const exactUpTo = this.deps.config.listExactCountUpTo;
    if (exact) return { count: await repo.countIncidents(this.deps.db, scope, f), exact: true, exactUpTo, asOf };
    const capped = await repo.countIncidents(this.deps.db, scope, f, exactUpTo);
    if (capped <= exactUpTo) return { count: capped, exact: true, exactUpTo, asOf };
    const estimate = await repo.estimateIncidents(this.deps.db, scope, f);
    return { count: Math.max(estimate, exactUpTo + 1), exact: false, exactUpTo, asOf };
  }

  /**
   * The home page's figures: crime reports in the actor's scope past their resolution due date, and due
   * within DUE_SOON_DAYS days (today included). Each is the exact total of the list query it links to —
   * the same filter through the same condition — counted on the partial index incident_due_idx.
   */
  async dueCounts(actor: Actor): Promise<TIncidentDueCounts> {
    requirePermission(actor, 'incidents.read');
    const scope = await this.deps.units.scopeRanges(actor);
    const asOf = hcmDateOf(this.deps.clock.now());
    const one = async (params: Record<string, string>) => {
      const listQuery = new URLSearchParams({ ...params, sort: 'due' }).toString();
      const q = ZIncidentListQuery.parse(Object.fromEntries(new URLSearchParams(listQuery)));
      return { count: await repo.countIncidents(this.deps.db, scope, this.filterOf(q, asOf, actor)), listQuery };
    };
    const overdue = await one({ kind: 'crime_report', overdue: 'true' });
    const dueSoon = await one({ kind: 'crime_report', dueWithinDays: String(DUE_SOON_DAYS) });
    return { asOf, dueSoonDays: DUE_SOON_DAYS, overdue, dueSoon };
  }

  /** The list filter in repository terms (also used by export and the counts). */
  filterOf(q: Omit<TIncidentListQuery, 'limit'>, today: string, actor: Actor): Omit<repo.ListFilter, 'limit'> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    return {
      kind: q.kind,
      fromInstant: q.from ? hcmStartOfDay(q.from) : undefined,
      toInstant: q.to ? hcmStartOfDay(addDays(q.to, 1)) : undefined,
      areaCode: q.areaCode,
      unitId: q.unitId,
      category: q.category,
      statGroup: q.statGroup,
      severity: q.severity,
      status: q.status,
      overdueBefore: q.overdue ? today : undefined,
      dueBetween: q.dueWithinDays !== undefined ? [today, addDays(today, q.dueWithinDays)] : undefined,
      searchKey: q.q ? toSearchKey(q.q) : undefined,
      searchSkipsConfidential: !canReadConfidential(actor),
      after: cursor && 'occurredAt' in cursor ? cursor : undefined,
      afterDue: cursor && 'due' in cursor ? cursor : undefined,
    };
  }

  /**
   * Changes editable fields. Optimistic concurrency: the client sends the version it read; a stale
   * version is a 409. Every change is versioned (field: from → to) and audited.
   */
  async update(actor: Actor, id: string, input: TUpdateIncident): Promise<TIncident> {
    requirePermission(actor, 'incidents.write');
    const now = this.deps.clock.now();
    await this.visible(actor, id);
    if (input.classification === 'mat' && !canReadConfidential(actor)) throw confidentialRefused('body.classification');
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.lockedForWrite(trx, id, input.version);
      const kind = before.kind as IncidentKind;
      const { version: _v, point, ...fields } = input;
      const next: Record<string, unknown> = { ...fields };
      if (point !== undefined) Object.assign(next, { lon: point?.lon ?? null, lat: point?.lat ?? null });
      if (input.occurredAt) next.occurredAt = new Date(input.occurredAt);
      if (input.receivedAt) next.receivedAt = new Date(input.receivedAt);
      const occurredAt = input.occurredAt ?? before.occurredAt.toISOString();
      const receivedAt = input.receivedAt ?? before.receivedAt.toISOString();
      const occurredOn = hcmDateOf(occurredAt);
      const errors = body([
        ...validateTimes({ occurredAt, receivedAt }, now),
        ...(point ? validatePoint('point', point) : []),
        ...(input.article !== undefined || input.clause !== undefined
          ? validatePenalCode({ article: 'article', clause: 'clause' }, input.article ?? before.article, input.clause ?? before.clause, occurredOn)
          : []),
      ]);
      if (input.status !== undefined) {
        if (kind === 'crime_report')
          errors.push({ path: 'body.status', vi: 'Trạng thái tin báo chỉ đổi qua các bước giải quyết', en: 'A crime report changes status through its clock steps' });
        else if (!isStatusOf(kind, input.status))
          errors.push({ path: 'body.status', vi: `Trạng thái không hợp lệ: ${input.status}`, en: `Invalid status: ${input.status}` });
      }
      if (errors.length) throw invalid(errors);
      if (input.occurredAt || input.areaCode) {
        const area = await this.areaOn(trx, input.areaCode ?? before.areaCode, occurredOn, 'body.areaCode');
        Object.assign(next, { areaCode: area.code, areaValidFrom: area.validFrom, occurredOn });
      }
      if (input.unitId) await this.requireReferences(actor, trx, { unitId: input.unitId, unitDate: hcmDateOf(receivedAt) });
      if (input.article !== undefined || input.clause !== undefined || input.occurredAt)
        Object.assign(next, crimeColumns(input.article ?? before.article, input.clause ?? before.clause, occurredOn));
      if (kind === 'traffic_accident' && (input.deaths !== undefined || input.injuries !== undefined || input.damageVnd !== undefined))
        next.trafficSeverity = trafficSeverity(input.deaths ?? before.deaths ?? 0, input.injuries ?? before.injuries ?? 0, input.damageVnd ?? before.damageVnd ?? 0);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [k, v] of Object.entries(next)) {
        const old = (before as Record<string, unknown>)[k];
        const norm = (x: unknown) => (x instanceof Date ? x.toISOString() : (x ?? null));
        if (JSON.stringify(norm(old)) !== JSON.stringify(norm(v))) changes[k] = { from: norm(old), to: norm(v) };
      }
      if (Object.keys(changes).length === 0) return;
      next.searchKey = toSearchKey(`${before.refNo} ${next.title ?? before.title} ${next.address ?? before.address} ${before.areaFullName} ${before.externalId ?? ''}`);
      await this.saveVersion(trx, actor, before, next, changes, 'updated', now);
    });
    return this.get(actor, id);
  }

  private async saveVersion(
    trx: Transaction<DB>,
    actor: Actor,
    before: repo.IncidentRow,
    fields: Record<string, unknown>,
    changes: Record<string, { from: unknown; to: unknown }>,
    action: string,
    now: Date,
  ) {
    const version = before.version + 1;
    await repo.updateIncident(trx, before.id, { ...fields, version, updatedAt: now, updatedBy: actor.userId });
    // Sensitive values are versioned as "changed", never copied into the history.
    const safe = Object.fromEntries(
      Object.entries(changes).map(([k, v]) => [k, (SENSITIVE as readonly string[]).includes(k) ? { from: '…', to: '…' } : v]),
    );
    await repo.insertVersion(trx, { incidentId: before.id, version, at: now, actorId: actor.userId, actorName: actor.username, action, changes: safe });
    await appendAudit(trx, actor, { action: `incident.${action}`, entityType: 'incident', entityId: before.id, note: { version, changes: safe } }, now);
  }

  /**
   * A step of a crime report's legal clock. Refused steps come back with the rule's Vietnamese and English
   * message. Opening a case also records the criminal case, linked to the report.
   */
  async clockStep(actor: Actor, id: string, step: { type: string; at?: string; by?: 'investigating_body' | 'procuracy'; until?: string; reason?: string; article?: string; clause?: number }) {
    requirePermission(actor, 'incidents.write');
    const now = this.deps.clock.now();
    const at = step.at ? new Date(step.at).toISOString() : now.toISOString();
    let caseInput: TCreateIncident | null = null;
    await this.visible(actor, id);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.lockedForWrite(trx, id);
      if (before.kind !== 'crime_report' || !before.clock)
        throw ruleViolation('Chỉ tin báo, tố giác mới có thời hạn giải quyết', 'Only crime reports have a legal clock');
      if (new Date(at) > now) throw invalid([{ path: 'body.at', vi: 'Thời điểm ở tương lai', en: 'The time is in the future' }]);
      const event = { ...step, at } as ClockEvent;
      if (step.type === 'open_case') {
        const errors = body(validatePenalCode({ article: 'article', clause: 'clause' }, step.article, step.clause, before.occurredOn));
        if (errors.length) throw invalid(errors);
      }
      const next = applyTransition(before.clock as ClockState, event, this.clockConfig);
      if (isClockError(next)) throw ruleViolation(next.error.vi, next.error.en, { rule: next.error.code });
      const fields: Record<string, unknown> = {
        clock: JSON.stringify(next),
        status: next.status,
        resolutionDue: this.resolutionDue(next),
        decidedOn: next.decision?.on ?? null,
        decidedLate: next.decision?.late ?? null,
      };
      await this.saveVersion(trx, actor, before, fields, { status: { from: before.status, to: next.status } }, `clock.${step.type}`, now);
      if (step.type === 'open_case') {
        caseInput = {
          kind: 'criminal_case',
          occurredAt: before.occurredAt.toISOString(),
          receivedAt: at,
          areaCode: before.areaCode,
          point: before.lon !== null && before.lat !== null ? { lon: before.lon, lat: before.lat } : null,
          address: before.address,
          unitId: before.unitId,
          classification: before.classification as 'thuong' | 'mat',
          title: before.title,
          narrative: before.narrative,
          article: step.article!,
          clause: step.clause!,
          reportId: before.id,
        };
        await this.createWithin(trx, actor, caseInput);
      }
    });
    return this.get(actor, id);
  }

  /** Marks a criminal case cleared (điều tra làm rõ) on a date, or not cleared. */
  async clear(actor: Actor, id: string, input: { version: number; cleared: boolean; clearedOn: string | null }) {
    requirePermission(actor, 'incidents.write');
    const now = this.deps.clock.now();
    await this.visible(actor, id);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.lockedForWrite(trx, id, input.version);
      if (before.kind !== 'criminal_case') throw ruleViolation('Chỉ vụ án mới được điều tra làm rõ', 'Only criminal cases are cleared');
      const today = hcmDateOf(now);
      if (input.cleared && (!input.clearedOn || input.clearedOn < before.occurredOn || input.clearedOn > today))
        throw invalid([
          { path: 'body.clearedOn', vi: 'Ngày làm rõ phải từ ngày xảy ra đến hôm nay', en: 'The clearance date must lie between the occurrence and today' },
        ]);
      const fields = { cleared: input.cleared, clearedOn: input.cleared ? input.clearedOn : null, status: input.cleared ? 'solved' : 'investigating' };
      await this.saveVersion(
        trx,
        actor,
        before,
        fields,
        { cleared: { from: before.cleared, to: input.cleared }, clearedOn: { from: before.clearedOn, to: fields.clearedOn } },
        input.cleared ? 'cleared' : 'uncleared',
        now,
      );
    });
    return this.get(actor, id);
  }

  /** Penal Code articles for pickers (see searchArticles). */
  articles(actor: Actor, q: { q?: string; date?: string }) {
    requirePermission(actor, 'incidents.read');
    return searchArticles({ text: q.q, date: q.date });
  }

  async history(actor: Actor, id: string) {
    await this.visible(actor, id);
    const rows = await repo.versionsOf(this.deps.db, id);
    return rows.map((r) => ({
      version: r.version,
      at: r.at.toISOString(),
      actorName: r.actorName,
      action: r.action,
      changes: r.changes as Record<string, { from: unknown; to: unknown }>,
    }));
  }
}

export function encodeCursor(occurredAt: Date, id: string): string {
  return Buffer.from(`${occurredAt.toISOString()}|${id}`).toString('base64url');
}

/** The cursor of the "by deadline" order's first part (open crime reports by resolution due date). */
export function encodeDueCursor(due: string, id: string): string {
  return Buffer.from(`due|${due}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: string; id: string } | { due: string; id: string } {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const bad = () => new AppError('VALIDATION_FAILED', { fields: [{ path: 'query.cursor', vi: 'Con trỏ trang không hợp lệ', en: 'Invalid cursor' }] });
  const isId = (id: string | undefined): id is string => !!id && /^[0-9a-f-]{36}$/.test(id);
  if (parts[0] === 'due') {
    const [, due, id] = parts;
    if (parts.length !== 3 || !due || !/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(due)) || !isId(id)) throw bad();
    return { due, id };
  }
  const [occurredAt, id] = parts;
  if (parts.length !== 2 || !occurredAt || Number.isNaN(Date.parse(occurredAt)) || !isId(id)) throw bad();
  return { occurredAt, id };
}
