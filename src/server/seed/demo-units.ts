import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import { appendAudit } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { Db } from '../platform/db/database';
import * as unitRepo from '../modules/units/units.repository';

/** The professional departments of the demo city police (city-wide by function). */
export const DEMO_DEPARTMENTS = [
  { code: 'PV01', name: 'Phòng Tham mưu' },
  { code: 'PC01', name: 'Phòng Cảnh sát điều tra tội phạm về trật tự xã hội' },
  { code: 'PC02', name: 'Phòng Cảnh sát hình sự' },
  { code: 'PC03', name: 'Phòng Cảnh sát kinh tế' },
  { code: 'PC04', name: 'Phòng Cảnh sát điều tra tội phạm về ma túy' },
  { code: 'PC06', name: 'Phòng Cảnh sát quản lý hành chính về trật tự xã hội' },
  { code: 'PC07', name: 'Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ' },
  { code: 'PC08', name: 'Phòng Cảnh sát giao thông' },
  { code: 'PA05', name: 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao' },
] as const;

const TYPE_WORD: Record<string, string> = {
  phuong: 'phường',
  xa: 'xã',
  thi_tran: 'thị trấn',
  quan: 'quận',
  huyen: 'huyện',
  thi_xa: 'thị xã',
  thanh_pho: 'thành phố',
  dac_khu: 'đặc khu',
};

const START = '2020-01-01';
const DISTRICT_END = '2025-02-28'; // district police ended on 2025-03-01
const REFORM_526 = '2025-01-01';
const TWO_TIER_POLICE = '2025-03-01';
const TWO_TIER_AREAS = '2025-07-01';

const dayBefore = (d: string) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() - 1);
  return x.toISOString().slice(0, 10);
};
const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * A realistic Hanoi police structure over 2020 → today, built from the area catalogue: the city police and
 * its departments; 30 district police to 2025-02-28; a police unit per commune of each generation — 579
 * under the districts (2020–2024), 526 under the districts (Jan–Feb 2025), the same 526 directly under the
 * city (Mar–Jun 2025), and 126 from 2025-07-01 — linked to their predecessors, each with jurisdiction over
 * its area. Written in one transaction with one audit entry. Returns unit ids by code.
 */
export async function seedDemoUnits(db: Db, clock: Clock, actor: Actor): Promise<Map<string, string>> {
  const areas = await db
    .selectFrom('area')
    .select(['code', 'name', 'type', 'level', 'parentCode', 'validFrom', 'validTo'])
    .where('provinceCode', '=', '01')
    .where('level', '>', 1)
    .execute();
  const links = await db
    .selectFrom('areaLink')
    .select(['fromCode', 'fromValidFrom', 'toCode', 'toValidFrom'])
    .where('toValidFrom', '=', TWO_TIER_AREAS)
    .execute();
  const units: unitRepo.NewUnit[] = [];
  const jurisdictions: unitRepo.NewJurisdiction[] = [];
  const successions: { predecessorId: string; successorId: string }[] = [];
  const ids = new Map<string, string>();

  const add = (u: Omit<unitRepo.NewUnit, 'id' | 'path'>, parentPath: string) => {
    const id = randomUUID();
    const unit = { ...u, id, path: `${parentPath}${id}/` };
    units.push(unit);
    ids.set(u.code, id);
    return unit;
  };
  const city = add({ code: 'CATP-HN', name: 'Công an thành phố Hà Nội', kind: 'city', parentId: null, validFrom: START, validTo: null, cityWide: true }, '/');
  jurisdictions.push({ unitId: city.id, areaCode: '01', areaValidFrom: START, validFrom: START, validTo: null });
  for (const d of DEMO_DEPARTMENTS)
    add({ code: d.code, name: d.name, kind: 'department', parentId: city.id, validFrom: START, validTo: null, cityWide: true }, city.path);

  const name = (a: { type: string; name: string }) => `Công an ${TYPE_WORD[a.type] ?? ''} ${a.name}`.replace(/\s+/g, ' ');
  const districtUnits = new Map<string, unitRepo.NewUnit>();
  for (const d of areas.filter((a) => a.level === 2)) {
    let unit = districtUnits.get(d.code);
    if (!unit) {
      unit = add({ code: `CAQ-${d.code}`, name: name(d), kind: 'district', parentId: city.id, validFrom: START, validTo: DISTRICT_END, cityWide: false }, city.path);
      districtUnits.set(d.code, unit);
    }
    const to = minDate(d.validTo, DISTRICT_END);
    if (to !== null && to >= d.validFrom)
      jurisdictions.push({ unitId: unit.id, areaCode: d.code, areaValidFrom: d.validFrom, validFrom: d.validFrom < START ? START : d.validFrom, validTo: to });
  }

  const communes = areas.filter((a) => a.level === 3);
  // One unit per commune and period; police periods split the 526 generation at 2025-03-01.
  const periods: { suffix: string; from: string; to: string | null; areaFrom: string; underDistrict: boolean }[] = [
    { suffix: '-2020', from: START, to: dayBefore(REFORM_526), areaFrom: START, underDistrict: true },
    { suffix: '-2025', from: REFORM_526, to: DISTRICT_END, areaFrom: REFORM_526, underDistrict: true },
    { suffix: '-202503', from: TWO_TIER_POLICE, to: dayBefore(TWO_TIER_AREAS), areaFrom: REFORM_526, underDistrict: false },
    { suffix: '', from: TWO_TIER_AREAS, to: null, areaFrom: TWO_TIER_AREAS, underDistrict: false },
  ];
  const byPeriod: Map<string, unitRepo.NewUnit>[] = [];
  for (const p of periods) {
    const map = new Map<string, unitRepo.NewUnit>();
    for (const a of communes.filter((c) => c.validFrom === p.areaFrom)) {
      const parent = p.underDistrict ? districtUnits.get(a.parentCode ?? '') : city;
      if (!parent) throw new Error(`demo units: commune ${a.code} has no district unit ${a.parentCode}`);
      const unit = add({ code: `CA-${a.code}${p.suffix}`, name: name(a), kind: 'commune', parentId: parent.id, validFrom: p.from, validTo: p.to, cityWide: false }, parent.path);
      map.set(a.code, unit);
      jurisdictions.push({ unitId: unit.id, areaCode: a.code, areaValidFrom: a.validFrom, validFrom: p.from, validTo: p.to });
    }
    byPeriod.push(map);
  }
  // Successions: the same station (same code) across 2020 → Jan 2025 → Mar 2025; 2025-07-01 through the mapping.
  for (let i = 1; i < 3; i++)
    for (const [code, unit] of byPeriod[i]!) {
      const previous = byPeriod[i - 1]!.get(code);
      if (previous) successions.push({ predecessorId: previous.id, successorId: unit.id });
    }
  const seen = new Set<string>();
  for (const l of links) {
    const from = byPeriod[2]!.get(l.fromCode);
    const to = byPeriod[3]!.get(l.toCode);
    const key = `${from?.id}>${to?.id}`;
    if (from && to && !seen.has(key)) {
      seen.add(key);
      successions.push({ predecessorId: from.id, successorId: to.id });
    }
  }

  await db.transaction().execute(async (trx) => {
    await unitRepo.insertUnits(trx, units);
    await unitRepo.insertSuccessions(trx, successions);
    await unitRepo.insertJurisdictions(trx, jurisdictions);
    await appendAudit(
      trx,
      actor,
      {
        action: 'units.demo_seeded',
        entityType: 'unit',
        entityId: city.id,
        note: { units: units.length, successions: successions.length, jurisdictions: jurisdictions.length },
      },
      clock.now(),
    );
  });
  return ids;
}
