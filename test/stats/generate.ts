import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { TRAFFIC_SEVERITY_CLASSES } from '../../src/domain/incidents/traffic-severity';
import { severityOf, statisticalGroupOf } from '../../src/domain/law/penal-code';
import type { Db } from '../../src/server/platform/db/database';

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

export const ARTICLES = ['173', '168', '171', '174', '134', '123', '249', '251', '255', '290', '321', '322', '141', '260'];

export interface AreaRow {
  code: string;
  validFrom: string;
  validTo: string | null;
}

export interface World {
  areas: AreaRow[];
  /** (area code@validFrom) → the units with jurisdiction over it, with their intervals. */
  jurisdiction: Map<string, { unitId: string; from: string; to: string }[]>;
  departments: string[];
}

/** Hoàn Kiếm (00070) and its predecessors, plus a few other Hanoi communes of every generation. */
export async function loadWorld(db: Db, seed = 7): Promise<World> {
  const r = prng(seed);
  const hk = await sql<AreaRow>`
    select a.code, a.valid_from::text as "validFrom", a.valid_to::text as "validTo" from area a
    where a.level = 3 and (a.code = '00070' or (a.code, a.valid_from) in (
      select from_code, from_valid_from from area_link where to_code = '00070'
      union select l2.from_code, l2.from_valid_from from area_link l1 join area_link l2 on l2.to_code = l1.from_code and l2.to_valid_from = l1.from_valid_from
      where l1.to_code = '00070'))`.execute(db);
  const all = await sql<AreaRow>`
    select code, valid_from::text as "validFrom", valid_to::text as "validTo" from area
    where level = 3 and province_code = '01' order by code, valid_from`.execute(db);
  const byGen = new Map<string, AreaRow[]>();
  for (const a of all.rows) byGen.set(a.validFrom, [...(byGen.get(a.validFrom) ?? []), a]);
  const others: AreaRow[] = [];
  for (const list of byGen.values()) for (let i = 0; i < 8; i++) others.push(r.pick(list));
  const areas = [...new Map([...hk.rows, ...others].map((a) => [`${a.code}@${a.validFrom}`, a])).values()];
  const j = await sql<{ key: string; unitId: string; from: string; to: string }>`
    select area_code || '@' || area_valid_from::text as key, unit_id as "unitId", valid_from::text as "from",
      coalesce(valid_to, '9999-12-31')::text as "to" from unit_jurisdiction`.execute(db);
  const jurisdiction = new Map<string, { unitId: string; from: string; to: string }[]>();
  for (const x of j.rows) jurisdiction.set(x.key, [...(jurisdiction.get(x.key) ?? []), x]);
  const deps = await db.selectFrom('unit').select('id').where('kind', '=', 'department').execute();
  return { areas, jurisdiction, departments: deps.map((d) => d.id) };
}

const KINDS = ['crime_report', 'criminal_case', 'criminal_case', 'traffic_accident', 'fire', 'online_fraud'] as const;

/**
 * Inserts `n` incidents as the importer does (multi-row INSERTs of complete rows, derived fields computed
 * in TypeScript), spread over [from, to]. Returns their ids.
 */
export async function insertIncidents(db: Db, world: World, n: number, seed: number, range = { from: '2022-01-01', to: '2026-03-09' }): Promise<string[]> {
  const r = prng(seed);
  const t0 = Date.parse(`${range.from}T00:00:00+07:00`);
  const t1 = Date.parse(`${range.to}T23:59:59+07:00`);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(t0 + Math.floor(r.next() * (t1 - t0)));
    const day = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const candidates = world.areas.filter((a) => a.validFrom <= day && (!a.validTo || day <= a.validTo));
    const area = r.pick(candidates);
    const stations = (world.jurisdiction.get(`${area.code}@${area.validFrom}`) ?? []).filter((j) => j.from <= day && day <= j.to);
    const unitId = stations.length && r.next() < 0.8 ? r.pick(stations).unitId : r.pick(world.departments);
    const kind = r.pick(KINDS);
    const row: Record<string, unknown> = {
      id: randomUUID(),
      refNo: `T-${seed}-${i}`,
      kind,
      status: 'received',
      title: `Vụ việc thử ${i}`,
      occurredAt: at,
      occurredOn: day,
      receivedAt: new Date(at.getTime() + 3600_000),
      areaCode: area.code,
      areaValidFrom: area.validFrom,
      unitId,
      searchKey: `vu viec thu ${i}`,
      source: 'import',
      createdAt: at,
      updatedAt: at,
    };
    if (kind === 'crime_report' || kind === 'criminal_case') {
      const article = r.pick(ARTICLES);
      const clause = r.int(1, 3);
      const sev = severityOf(article, clause, day);
      const group = statisticalGroupOf(article);
      Object.assign(row, {
        article,
        clause,
        category: article,
        severity: sev.ok ? sev.value : null,
        statGroup: group.ok ? group.value : null,
      });
      if (kind === 'criminal_case' && r.next() < 0.65) Object.assign(row, { cleared: true, clearedOn: day });
      if (kind === 'crime_report' && r.next() < 0.85) Object.assign(row, { decidedOn: day, decidedLate: r.next() < 0.1 });
    } else if (kind === 'traffic_accident') {
      Object.assign(row, { category: 'traffic', deaths: r.int(0, 2), injuries: r.int(0, 3), trafficSeverity: r.pick(TRAFFIC_SEVERITY_CLASSES) });
    } else if (kind === 'fire') {
      Object.assign(row, { category: r.pick(['nha_o', 'kinh_doanh', 'xe']), deaths: r.int(0, 1), injuries: r.int(0, 2), damageVnd: r.int(0, 500) * 1_000_000 });
    } else {
      Object.assign(row, { category: r.pick(['Zalo', 'Facebook', 'Telegram']), amountLostVnd: r.int(1, 300) * 1_000_000 });
    }
    rows.push(row);
  }
  for (let i = 0; i < rows.length; i += 250) await db.insertInto('incident').values(rows.slice(i, i + 250) as never).execute();
  return rows.map((x) => x.id as string);
}
