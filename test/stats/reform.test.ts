import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TStatResult } from '../../src/contracts/stats';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';
import { insertPlanted, plantedIncident } from '../support/incidents';

/**
 * Comparisons across the reform of 2025-07-01 (issue 12, item 3) and small numbers (item 4). Incidents are
 * planted in old communes before the reform and in new ones after it; the area and unit tables of a period after
 * the reform must place last year's side on today's communes and units: no row compared with a zero the reform
 * created, totals kept, approximate rows flagged without significance.
 */
describe(`comparisons across the 2025 reform (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  // A commune of Jan–Jun 2025 split between several new communes (partial links), two of them with boundaries.
  let split: { code: string; targets: string[] };
  // A commune of Jan–Jun 2025 that went whole into a new commune with another code.
  let whole: { code: string; target: string };
  let pointInB: [number, number];
  const unitIds = new Map<string, string>();
  const OLD = '2025-01-01';
  const NEW = '2025-07-01';
  // The reporting month 15/01–14/02/2026, compared with 15/01–14/02/2025 (the 526 communes, before the reform).
  const PERIOD = { metric: 'incidents', period: 'report_month', date: '2026-02-10', comparison: 'same_period' };

  const stats = async (q: Record<string, string | number | undefined>): Promise<TStatResult> => {
    const qs = new URLSearchParams(
      Object.entries(q)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    const res = await t.as(commander, 'GET', `/api/stats?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    const db = t.database.db;
    const geometry = (await t.services.areas.geometryOn(NEW))!;
    const splits = await sql<{ code: string; targets: string[] }>`
      select from_code as code, array_agg(to_code order by to_code) as targets from area_link
      where from_valid_from = ${OLD} and to_valid_from = ${NEW} and relation = 'partial'
      group by from_code having count(distinct to_code) = 2 order by from_code`.execute(db);
    split = splits.rows.find((s) => s.targets.every((c) => geometry.bboxOf(c)))!;
    const wholes = await sql<{ code: string; target: string }>`
      select from_code as code, to_code as target from area_link
      where from_valid_from = ${OLD} and to_valid_from = ${NEW} and relation = 'full' and from_code <> to_code
      order by from_code`.execute(db);
    whole = wholes.rows.find((w) => !split.targets.includes(w.target))!;
    // A point inside the second target's boundary.
    const b = split.targets[1]!;
    const [w, s, e, n] = geometry.bboxOf(b)!;
    found: for (let i = 1; i < 40; i++)
      for (let j = 1; j < 40; j++) {
        const p: [number, number] = [w + ((e - w) * i) / 40, s + ((n - s) * j) / 40];
        if (geometry.locate(p[0], p[1]) === b) {
          pointInB = p;
          break found;
        }
      }
    expect(pointInB).toBeDefined();
    const codes = [
      `CA-${whole.code}-2025`,
      `CA-${split.code}-2025`,
      `CA-${whole.target}`,
      ...split.targets.map((c) => `CA-${c}`),
    ];
    for (const u of await db.selectFrom('unit').select(['id', 'code']).where('code', 'in', codes).execute())
      unitIds.set(u.code, u.id);
    const district = await sql<{ id: string }>`
      select u.id from unit u join area a on u.code = 'CAQ-' || a.parent_code
      where a.code = ${split.code} and a.valid_from = ${OLD}`.execute(db);
    unitIds.set('district', district.rows[0]!.id);
    // Another station of today, with predecessors, that handled none of the planted cases last year.
    const other = await sql<{ id: string }>`
      select u.id::text as id from unit u
      where u.valid_from = ${NEW} and u.code like 'CA-%' and u.code not in (${sql.join(codes)})
        and exists (select 1 from unit_succession s where s.successor_id = u.id)
      order by u.code limit 1`.execute(db);
    unitIds.set('other', other.rows[0]!.id);

    let i = 0;
    const plant = (n: number, area: string, validFrom: string, unit: string, day: string, point?: [number, number]) =>
      Array.from({ length: n }, () =>
        plantedIncident({
          refNo: `R-${i++}`,
          areaCode: area,
          areaValidFrom: validFrom,
          unitId: unitIds.get(unit)!,
          day,
          point: point ?? null,
        }),
      );
    await insertPlanted(db, [
      // Last year (15/01–14/02/2025), old communes: 7 in the whole one, 4 with a point (in B) + 5 without in the split one.
      ...plant(7, whole.code, OLD, `CA-${whole.code}-2025`, '2025-01-20'),
      ...plant(4, split.code, OLD, `CA-${split.code}-2025`, '2025-01-21', pointInB),
      ...plant(5, split.code, OLD, `CA-${split.code}-2025`, '2025-01-22'),
      // Handled by the district police (ended 2025-03-01, no successor).
      ...plant(2, split.code, OLD, 'district', '2025-01-23'),
      // This year (15/01–14/02/2026), new communes.
      ...plant(6, whole.target, NEW, `CA-${whole.target}`, '2026-01-20'),
      ...plant(3, split.targets[0]!, NEW, `CA-${split.targets[0]}`, '2026-01-21'),
      ...plant(2, split.targets[1]!, NEW, `CA-${split.targets[1]}`, '2026-01-22'),
      // A station of today with predecessors, none of whose cases were planted last year.
      ...plant(3, whole.target, NEW, 'other', '2026-01-23'),
    ]);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should place last year on today’s communes: no zero baseline made by the reform, totals kept, approximate rows flagged', async () => {
    const r = await stats({ ...PERIOD, breakdown: 'area', limit: 5000 });
    expect(r.value).toMatchObject({ current: 14, comparison: 18 });
    expect(r.reform).toMatchObject({ kind: 'area', targetDate: '2026-02-14' });
    // Every row is a commune of today (no old commune left with nothing this year, no new one against nothing).
    for (const row of r.rows) expect(row.key.endsWith(`@${NEW}`), row.key).toBe(true);
    const byCode = new Map(r.rows.map((row) => [row.key.split('@')[0]!, row]));
    // The whole commune: exact, 9 (6 + 3 by another station) against its 7.
    const n = byCode.get(whole.target)!;
    expect(n).toMatchObject({
      current: 9,
      comparison: 7,
      reform: { status: 'exact', approximateShare: { comparison: 0 } },
    });
    expect(n.change!.label).not.toBeNull();
    // The split commune: 4 with a point in B go to B; the 5 without a point go by the rule to one of its targets.
    const [a, b] = split.targets.map((c) => byCode.get(c)!);
    expect(a!.comparison! + b!.comparison!).toBe(4 + 5 + 2);
    expect(b!.comparison).toBeGreaterThanOrEqual(4);
    for (const row of [a!, b!]) {
      expect(row.reform!.status).toBe('approximate');
      expect(row.change!.label).toBeNull();
      expect(row.change!.z).toBeNull();
    }
    const ruled = [a!, b!].find((x) => x.reform!.approximateShare.comparison > 0)!;
    expect(ruled.reform!.approximateShare.comparison).toBeCloseTo(7 / ruled.comparison!, 10);
    // Totals kept: the rows add up to the whole figure on both sides.
    expect(r.rows.reduce((s, x) => s + (x.current ?? 0), 0)).toBe(14);
    expect(r.rows.reduce((s, x) => s + (x.comparison ?? 0), 0)).toBe(18);
    expect(r.reform!.methods.comparison).toEqual({ same: 0, point: 4, lineage: 7, rule: 7, unresolved: 0 });
    expect(r.reform!.approximateShare.comparison).toBeCloseTo(7 / 18, 10);
    expect(r.reform!.approximateRows).toBe(2);
    // No row anywhere compares something with a zero and claims significance.
    for (const row of r.rows)
      if (row.comparison === 0 && (row.current ?? 0) > 0) expect(row.change?.label ?? null, row.key).toBeNull();
  });

  it('should keep the rows of the time when both sides lie in one generation', async () => {
    const r = await stats({ ...PERIOD, date: '2025-02-10', comparison: 'none', breakdown: 'area' });
    expect(r.reform).toBeUndefined();
    expect(r.rows.map((x) => x.key).sort()).toEqual([`${split.code}@${OLD}`, `${whole.code}@${OLD}`].sort());
  });

  it('should place points the same way on today’s boundaries (area_current)', async () => {
    const r = await stats({ ...PERIOD, breakdown: 'area_current', limit: 5000 });
    const byCode = new Map(r.rows.map((row) => [row.key, row]));
    expect(byCode.get(whole.target)).toMatchObject({ current: 9, comparison: 7, reform: { status: 'exact' } });
    expect(byCode.get(split.targets[1]!)!.comparison).toBeGreaterThanOrEqual(4);
    expect(r.rows.reduce((s, x) => s + (x.comparison ?? 0), 0)).toBe(18);
    expect(r.reform!.methods.comparison.point).toBe(4);
  });

  it('should follow units to their successors, flag a split station, and keep the district police apart', async () => {
    const r = await stats({ ...PERIOD, breakdown: 'unit', limit: 1000 });
    expect(r.reform).toMatchObject({ kind: 'unit', endedUnits: 1 });
    const rows = new Map(r.rows.map((row) => [row.key, row]));
    // The whole commune's station: 2025 → 2025-03 → today's station, one successor each time: exact.
    expect(rows.get(unitIds.get(`CA-${whole.target}`)!)).toMatchObject({
      current: 6,
      comparison: 7,
      reform: { status: 'exact' },
    });
    // The split station's 9 cases went to one of its successors by the rule: both successors flagged, no significance.
    const successors = split.targets.map((c) => rows.get(unitIds.get(`CA-${c}`)!)!);
    expect(successors.reduce((s, x) => s + x.comparison!, 0)).toBe(9);
    for (const x of successors)
      expect(x).toMatchObject({ reform: { status: 'approximate' }, change: { z: null, label: null } });
    // The district police ended without a successor: its row stays, with no change claimed.
    expect(rows.get(unitIds.get('district')!)).toMatchObject({
      current: 0,
      comparison: 2,
      change: null,
      reform: { status: 'ended' },
    });
    // A station of today whose work the district police partly did last year: not compared with that zero.
    expect(rows.get(unitIds.get('other')!)).toMatchObject({
      current: 3,
      comparison: null,
      change: null,
      reform: { status: 'new' },
    });
    // No old station is left as a row against a zero.
    expect(rows.has(unitIds.get(`CA-${whole.code}-2025`)!)).toBe(false);
    expect(r.rows.reduce((s, x) => s + (x.comparison ?? 0), 0)).toBe(18);
  });
});

describe(`small numbers (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  const units: string[] = [];

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    const db = t.database.db;
    const rows = await db
      .selectFrom('unit')
      .select(['id', 'code'])
      .where('code', 'in', ['CA-00004', 'CA-00008', 'CA-00025'])
      .orderBy('code')
      .execute();
    units.push(...rows.map((u) => u.id));
    const area = await db
      .selectFrom('area')
      .select(['code', 'validFrom'])
      .where('code', '=', '00004')
      .where('validFrom', '=', '2025-07-01')
      .executeTakeFirstOrThrow();
    let i = 0;
    // Criminal cases in 15/01–14/02/2026: unit 0 clears 12 of 14, unit 1 clears 3 of 3 (too few), unit 2 clears 20 of 40.
    const cases = (unit: string, n: number, cleared: number) =>
      Array.from({ length: n }, (_, k) => ({
        ...plantedIncident({
          refNo: `S-${i++}`,
          areaCode: area.code,
          areaValidFrom: area.validFrom,
          unitId: unit,
          day: '2026-01-25',
          kind: 'criminal_case',
        }),
        ...(k < cleared ? { cleared: true, clearedOn: '2026-01-30' } : {}),
      }));
    // Last year: 4 fires; this year 7 fires (a base below 10).
    const fires = (day: string, n: number) =>
      Array.from({ length: n }, () =>
        plantedIncident({
          refNo: `F-${i++}`,
          areaCode: area.code,
          areaValidFrom: area.validFrom,
          unitId: units[0]!,
          day,
        }),
      );
    await db.updateTable('unit').set({ validFrom: '2020-01-01' }).where('id', 'in', units).execute();
    await insertPlanted(db, [
      ...cases(units[0]!, 14, 12),
      ...cases(units[1]!, 3, 3),
      ...cases(units[2]!, 40, 20),
      ...fires('2025-01-25', 4),
      ...fires('2026-01-25', 7),
    ]);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = async (q: string) => {
    const res = await t.as(commander, 'GET', `/api/stats?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TStatResult;
  };

  it('should give every rate its counts and Wilson interval, and list units with too few cases after the ranking', async () => {
    const r = await get('metric=clearance_rate&period=report_month&date=2026-02-10&breakdown=unit&comparison=none');
    expect(r.smallNumbers).toEqual({ minCases: 10, minBase: 10 });
    expect(r.rows.map((x) => x.key)).toEqual([units[0], units[2], units[1]]);
    const [a, c, b] = r.rows;
    expect(a).toMatchObject({ parts: { current: { num: 12, den: 14 } }, tooFewCases: false });
    expect(a!.interval!.low).toBeCloseTo(60.06, 2);
    expect(a!.interval!.high).toBeCloseTo(95.99, 2);
    expect(c).toMatchObject({ current: 50, tooFewCases: false });
    // 3/3 = 100% is the highest rate but rests on 3 cases: apart, after the ranked ones, with its wide interval.
    expect(b).toMatchObject({ current: 100, parts: { current: { num: 3, den: 3 } }, tooFewCases: true });
    expect(b!.interval!.low).toBeCloseTo(43.85, 2);
    expect(b!.interval!.high).toBe(100);
    // With a threshold of 3 it is ranked first; the SQL ranking with a limit agrees.
    const all = await get(
      'metric=clearance_rate&period=report_month&date=2026-02-10&breakdown=unit&comparison=none&minCases=3',
    );
    expect(all.rows.map((x) => x.key)).toEqual([units[1], units[0], units[2]]);
    const top = await get(
      'metric=clearance_rate&period=report_month&date=2026-02-10&breakdown=unit&comparison=none&limit=2',
    );
    expect(top.rows.map((x) => x.key)).toEqual([units[0], units[2]]);
    expect(top.truncated).toBe(1);
  });

  it('should show no percentage on a base below the threshold: counts and z only', async () => {
    const r = await get('metric=fires&period=report_month&date=2026-02-10');
    expect(r.value).toMatchObject({ current: 7, comparison: 4, change: { absolute: 3, smallBase: true } });
    expect(r.value.change!.z).toBeCloseTo(2 * (Math.sqrt(7) - 2), 10);
    expect(r.value.change!.phrase.vi).toBe('tăng 3 vụ so với cùng kỳ');
    expect(r.value.change!.phrase.en).toBe('up 3 cases on the same period last year');
    const low = await get('metric=fires&period=report_month&date=2026-02-10&minBase=4');
    expect(low.value.change!.smallBase).toBeUndefined();
    expect(low.value.change!.phrase.vi).toBe('tăng 75,0% so với cùng kỳ');
  });

  it('should refuse thresholds out of range, naming the field', async () => {
    for (const q of ['minCases=0', 'minBase=abc', 'minCases=1001']) {
      const res = await t.as(commander, 'GET', `/api/stats?metric=fires&${q}`);
      expect(res.statusCode, q).toBe(400);
      const field = q.split('=')[0]!;
      expect(
        res.json().error.fields.map((f: { path: string }) => f.path),
        q,
      ).toContain(`query.${field}`);
    }
  });
});
