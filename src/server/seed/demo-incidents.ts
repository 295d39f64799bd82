import { randomUUID } from 'node:crypto';
import type { TCreateIncident } from '../../contracts/incidents';
import { hcmDateOf } from '../../domain/calendar/dates';
import { generateDemoIncidents } from '../../domain/demo/generate';
import type { DemoIncident } from '../../domain/demo/types';
import { evaluateClock, replay, type ClockConfig, type ClockEvent, type ClockState } from '../../domain/law/legal-clock';
import { isStatusOf, type IncidentKind } from '../../domain/incidents/kinds';
import type { Actor } from '../platform/actor';
import { appendAudit } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db/database';
import type { AreaService } from '../modules/areas/areas.service';
import { buildIncidentRow, REF_PREFIX } from '../modules/incidents/incidents.service';
import { formatRefNo, raiseRefCounter } from '../modules/incidents/incidents.repository';

const CHUNK = 500;
const TWO_TIER = '2025-07-01';

type Interval = { from: string; to: string; unitId: string };

/** Hanoi time of a date at a given hour, as an ISO instant. */
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`).toISOString();

/**
 * Loads the deterministic demo incidents (src/domain/demo) into an empty registry: Hanoi from 2020 to today on
 * the communes valid at each date, handled by the units that had jurisdiction, with crime reports run through
 * the legal clock (extensions and decisions replayed by the rules). Bulk inserts in chunks; one audit entry.
 * Demo records start without version history (the first change writes version 2 against the seeded row).
 */
export async function seedDemoIncidents(
  deps: { db: Db; clock: Clock; config: Config; areas: AreaService },
  actor: Actor,
  /** `from` and `kinds` narrow the run (tests): records of a day do not depend on where the run starts. */
  opts: { seed?: number; scale?: number; from?: string; kinds?: readonly IncidentKind[] } = {},
): Promise<{ inserted: number; byKind: Record<string, number>; clockRefusals: number }> {
  const { db, clock, config, areas } = deps;
  const until = hcmDateOf(clock.now());
  const communes = await db
    .selectFrom('area')
    .select(['code', 'validFrom', 'validTo', 'fullName', 'type', 'parentCode'])
    .where('provinceCode', '=', '01')
    .where('level', '=', 3)
    .execute();
  const jurisdictions = await db
    .selectFrom('unitJurisdiction as j')
    .innerJoin('unit as u', 'u.id', 'j.unitId')
    .select(['j.areaCode', 'j.validFrom', 'j.validTo', 'u.id'])
    .where('u.kind', '=', 'commune')
    .execute();
  const byArea = new Map<string, Interval[]>();
  for (const j of jurisdictions) {
    const list = byArea.get(j.areaCode) ?? [];
    list.push({ from: j.validFrom, to: j.validTo ?? '9999-12-31', unitId: j.id });
    byArea.set(j.areaCode, list);
  }
  const departments = await db.selectFrom('unit').select(['code', 'id']).where('kind', '=', 'department').execute();
  const links = await db.selectFrom('areaLink').select(['fromCode', 'fromValidFrom', 'toCode', 'toValidFrom']).execute();
  const forward = new Map<string, { code: string; validFrom: string }[]>();
  for (const l of links) {
    const key = `${l.fromCode}@${l.fromValidFrom}`;
    forward.set(key, [...(forward.get(key) ?? []), { code: l.toCode, validFrom: l.toValidFrom }]);
  }
  /** The 2025 communes an older commune went into, following links generation by generation. */
  const successorsOf = (code: string, validFrom: string): string[] => {
    let frontier = [{ code, validFrom }];
    for (let step = 0; step < 3 && frontier.some((f) => f.validFrom < TWO_TIER); step++)
      frontier = frontier.flatMap((f) => (f.validFrom >= TWO_TIER ? [f] : (forward.get(`${f.code}@${f.validFrom}`) ?? [])));
    return [...new Set(frontier.filter((f) => f.validFrom >= TWO_TIER).map((f) => f.code))];
  };
  const geometry = await areas.geometryOn(TWO_TIER);
  const areaOn = (code: string, date: string) =>
    communes.find((c) => c.code === code && c.validFrom <= date && (c.validTo === null || c.validTo >= date));

  const records = generateDemoIncidents({
    seed: opts.seed ?? 1,
    scale: opts.scale ?? 1,
    from: opts.from ?? '2020-01-01',
    until,
    communes,
    unitFor: (code, date) => byArea.get(code)?.find((i) => i.from <= date && date <= i.to)?.unitId ?? null,
    departmentUnits: departments,
    ...(geometry ? { locate: geometry.locate, bboxOf: geometry.bboxOf } : {}),
    successorsOf,
  });

  const clockConfig: ClockConfig = { receiptDayCounts: config.clockReceiptDayCounts };
  const now = clock.now();
  const counters = new Map<string, number>();
  const byKind: Record<string, number> = {};
  let clockRefusals = 0;
  let rows: Record<string, unknown>[] = [];
  let identifiers: { incidentId: string; kind: string; value: string; display: string }[] = [];
  let inserted = 0;

  const flush = async () => {
    if (rows.length === 0) return;
    const batch = rows;
    const ids = identifiers;
    rows = [];
    identifiers = [];
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('incident').values(batch as never).execute();
      if (ids.length) await trx.insertInto('incidentIdentifier').values(ids).onConflict((oc) => oc.doNothing()).execute();
    });
    inserted += batch.length;
  };

  for (const r of records) {
    if (opts.kinds && !opts.kinds.includes(r.kind)) continue;
    const occurredOn = hcmDateOf(r.occurredAt);
    const area = areaOn(r.areaCode, occurredOn);
    if (!area) continue;
    const year = Number(hcmDateOf(r.receivedAt).slice(0, 4));
    const prefix = REF_PREFIX[r.kind];
    const n = (counters.get(`${prefix}|${year}`) ?? 0) + 1;
    counters.set(`${prefix}|${year}`, n);
    const id = randomUUID();
    const built = buildIncidentRow(toInput(r), {
      id,
      refNo: formatRefNo(prefix, year, n),
      area: { code: area.code, validFrom: area.validFrom, fullName: area.fullName },
      unitId: r.unitId,
      now,
      actorId: null,
      occurredOn,
      source: 'demo',
      externalId: r.externalId,
      clockConfig,
    });
    if ('error' in built) continue;
    const row = built.row;
    row.createdAt = new Date(r.receivedAt);
    row.updatedAt = new Date(r.receivedAt);
    if (r.kind === 'crime_report') {
      const replayed = replayClock(JSON.parse(row.clock as string) as ClockState, r, clockConfig);
      if (replayed.refused) clockRefusals++;
      Object.assign(row, {
        clock: JSON.stringify(replayed.state),
        status: replayed.state.status,
        decidedOn: replayed.state.decision?.on ?? null,
        decidedLate: replayed.state.decision?.late ?? null,
        resolutionDue: evaluateClock(replayed.state, clockConfig, now.toISOString()).resolutionDue?.date ?? null,
      });
    } else if (isStatusOf(r.kind as IncidentKind, r.status)) {
      row.status = r.status;
    }
    if (r.kind === 'criminal_case' && r.cleared) Object.assign(row, { cleared: true, clearedOn: r.clearedOn ?? null });
    for (const i of r.identifiers ?? []) identifiers.push({ incidentId: id, kind: i.kind, value: i.value, display: i.value });
    rows.push(row);
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    if (rows.length >= CHUNK) await flush();
  }
  await flush();
  await db.transaction().execute(async (trx) => {
    for (const [key, last] of counters) {
      const [prefix, year] = key.split('|') as [string, string];
      await raiseRefCounter(trx, prefix, Number(year), last);
    }
    // Resolution due dates are computed against "now", as for live records.
    await appendAudit(
      trx,
      actor,
      { action: 'incidents.demo_seeded', entityType: 'incident', note: { inserted, byKind, seed: opts.seed ?? 1, scale: opts.scale ?? 1, clockRefusals } },
      now,
    );
  });
  return { inserted, byKind, clockRefusals };
}

function toInput(r: DemoIncident): TCreateIncident {
  const common = {
    occurredAt: r.occurredAt,
    receivedAt: r.receivedAt,
    areaCode: r.areaCode,
    point: r.point ? { lon: r.point[0], lat: r.point[1] } : null,
    address: r.address,
    unitId: r.unitId,
    classification: r.classification,
    title: r.title,
    narrative: '',
  };
  switch (r.kind) {
    case 'crime_report':
      return {
        kind: 'crime_report',
        ...common,
        reportSource: r.reportSource ?? 'to_giac',
        receivedBy: r.receivedBy ?? 'investigating_body',
        remoteArea: false,
        ...(r.article ? { article: r.article, clause: r.clause ?? 1 } : {}),
        suspects: r.suspects,
        victims: r.victims,
      };
    case 'criminal_case':
      return { kind: 'criminal_case', ...common, article: r.article ?? '173', clause: r.clause ?? 1, suspects: r.suspects, victims: r.victims };
    case 'traffic_accident':
      return { kind: 'traffic_accident', ...common, deaths: r.deaths ?? 0, injuries: r.injuries ?? 0, damageVnd: r.damageVnd ?? 0, vehicles: r.vehicles ?? 1 };
    case 'fire':
      return {
        kind: 'fire',
        ...common,
        deaths: r.deaths ?? 0,
        injuries: r.injuries ?? 0,
        damageVnd: r.damageVnd ?? 0,
        premisesType: r.premisesType ?? '',
        cause: r.cause ?? '',
        urban: r.urban ?? true,
        rescued: r.rescued ?? 0,
      };
    case 'online_fraud':
      return { kind: 'online_fraud', ...common, channel: r.channel ?? '', amountLostVnd: r.amountLostVnd ?? 0, identifiers: [] };
  }
}

/** Replays the generator's extensions and decision through the legal clock; stops at the first refusal. */
function replayClock(initial: ClockState, r: DemoIncident, config: ClockConfig): { state: ClockState; refused: boolean } {
  const events: ClockEvent[] = [{ type: 'start_verification', at: r.receivedAt }];
  for (const e of r.extensions ?? []) events.push({ type: 'extend', at: at(e.on, 9), by: e.by, until: e.until });
  const d = r.decision;
  if (d) {
    const when = at(d.on, 15);
    if (d.kind === 'case_opened') events.push({ type: 'open_case', at: when });
    else if (d.kind === 'no_case') events.push({ type: 'no_case', at: when });
    else if (d.kind === 'transferred') events.push({ type: 'transfer', at: when });
    else events.push({ type: 'suspend', at: when, reason: 'awaiting_expert_assessment' });
  }
  const done = replay(initial, events, config);
  if (!('error' in done)) return { state: done, refused: false };
  // Keep the steps the rules accepted before the first refusal.
  const partial = replay(initial, events.slice(0, done.at), config);
  return { state: 'error' in partial ? initial : partial, refused: true };
}
