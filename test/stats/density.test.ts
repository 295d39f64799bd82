import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TStatDensityResult } from '../../src/contracts/stats';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { insertPlanted, plantedIncident } from '../support/incidents';
import { ENGINE } from '../support/db';

/**
 * The density map (GET /api/stats/density): incidents with a point counted per grid cell equal a plain SQL
 * count per cell; a ward officer's map covers their ward only; bad input and missing rights are refused.
 */
describe(`density map (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  let officer: Session;
  let wardCodes: string[] = [];
  let planted = 0;
  let inWard = 0;
  const DAY = '2026-02-04';
  // The grid, written out independently: metres per degree of latitude, and of longitude at 21° N.
  const dLatOf = (m: number) => m / 110_574;
  const dLonOf = (m: number) => m / (111_320 * Math.cos((21 * Math.PI) / 180));

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    officer = await t.login('canbo');
    const areas = t.services.areas;
    const generation = (await areas.newestGeometryDate())!;
    const geo = (await areas.geometryOn(generation))!;
    // The officer's ward(s) today.
    wardCodes = (
      await t.database.db
        .selectFrom('unitJurisdiction as j')
        .innerJoin('unit as u', 'u.id', 'j.unitId')
        .select('j.areaCode')
        .where('u.code', '=', 'CA-00070')
        .where('j.areaValidFrom', '=', generation)
        .execute()
    ).map((r) => r.areaCode);
    expect(wardCodes.length).toBeGreaterThan(0);
    const unitId = (await t.database.db.selectFrom('unit').select('id').where('kind', '=', 'department').executeTakeFirstOrThrow()).id;
    // Deterministic points spread over each commune's box, kept where they fall inside it.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const rows: Record<string, unknown>[] = [];
    const add = (code: string, point: [number, number] | null, kind = 'fire', day = DAY) => {
      rows.push(
        plantedIncident({ refNo: `MD-${rows.length}`, areaCode: code, areaValidFrom: generation, unitId, day, time: '08:00', kind, title: 'Thử mật độ', point }),
      );
    };
    for (const code of geo.codes) {
      const [w, s, e, n] = geo.bboxOf(code)!;
      const want = wardCodes.includes(code) ? 30 : 4;
      let placed = 0;
      for (let i = 0; i < 400 && placed < want; i++) {
        const p: [number, number] = [w + (e - w) * rnd(), s + (n - s) * rnd()];
        if (geo.locate(p[0], p[1]) !== code) continue;
        add(code, p);
        placed++;
        if (wardCodes.includes(code)) inWard++;
      }
    }
    add(wardCodes[0]!, null); // no point
    planted = rows.filter((r) => r.lon !== null).length;
    // Outside the period and another kind: not counted.
    add(wardCodes[0]!, [105.85, 21.03], 'fire', '2026-01-04');
    add(wardCodes[0]!, [105.85, 21.03], 'traffic_accident');
    await insertPlanted(t.database.db, rows);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = async (who: Session, qs: string) => {
    const res = await t.as(who, 'GET', `/api/stats/density?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TStatDensityResult;
  };

  /** Plain SQL: points of fires on the day per cell (row, col), optionally in some communes. */
  const plainCounts = async (cellMeters: number, codes?: string[]) => {
    const r = await sql<{ row: number; col: number; n: number }>`
      select floor(lat / ${dLatOf(cellMeters)}::float8)::int as row, floor(lon / ${dLonOf(cellMeters)}::float8)::int as col, count(*)::int as n
      from incident
      where kind = 'fire' and occurred_on = ${DAY} and lon is not null
        ${codes ? sql`and area_code in (${sql.join(codes)})` : sql``}
      group by 1, 2`.execute(t.database.db);
    return new Map(r.rows.map((x) => [`${x.row}:${x.col}`, x.n]));
  };
  const cellsOf = (r: TStatDensityResult, cellMeters: number) =>
    new Map(r.cells.map(([lon, lat, n]) => [`${Math.floor(lat / dLatOf(cellMeters))}:${Math.floor(lon / dLonOf(cellMeters))}`, n]));

  it('should count each cell as a plain SQL count does', async () => {
    for (const cellMeters of [250, 1000]) {
      const r = await get(commander, `metric=fires&period=custom&from=${DAY}&to=${DAY}&cellMeters=${cellMeters}`);
      expect(r.scoped).toBe(false);
      expect(r.cellMeters).toBe(cellMeters);
      expect(r.total).toBe(planted);
      expect(r.withoutPoint).toBe(1);
      expect(r.truncated).toBe(0);
      const expected = await plainCounts(cellMeters);
      expect(cellsOf(r, cellMeters)).toEqual(expected);
      expect(r.cells.length).toBe(expected.size);
      // Largest first.
      expect(r.cells.map((c) => c[2])).toEqual([...r.cells.map((c) => c[2])].sort((a, b) => b - a));
      expect(r.maxCount).toBe(Math.max(...expected.values()));
      // Centres lie in Hanoi.
      expect(r.cells.every(([lon, lat]) => lon > 105.2 && lon < 106.1 && lat > 20.5 && lat < 21.4)).toBe(true);
    }
    // The default cell is 250 m.
    expect((await get(commander, `metric=fires&period=custom&from=${DAY}&to=${DAY}`)).cellMeters).toBe(250);
  });

  it("should keep a ward officer's density inside their scope", async () => {
    const r = await get(officer, `metric=fires&period=custom&from=${DAY}&to=${DAY}&cellMeters=250`);
    expect(r.scoped).toBe(true);
    expect(r.total).toBe(inWard);
    expect(r.total).toBeLessThan(planted);
    expect(cellsOf(r, 250)).toEqual(await plainCounts(250, wardCodes));
    const stats = await t.as(officer, 'GET', `/api/stats?metric=fires&period=custom&from=${DAY}&to=${DAY}&comparison=none`);
    expect(r.total + r.withoutPoint).toBe((stats.json() as { value: { current: number } }).value.current);
  });

  it('should refuse bad input naming the field, and callers without a session or the right', async () => {
    for (const [qs, field] of [
      ['cellMeters=50', 'cellMeters'],
      ['cellMeters=2500', 'cellMeters'],
      ['metric=clearance_rate', 'metric'],
      ['period=custom&from=2026-02-05&to=2026-02-01', 'from'],
      ['date=2026-02-30', 'date'],
    ]) {
      const res = await t.as(commander, 'GET', `/api/stats/density?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.body, qs).toContain(field);
    }
    expect((await t.as(null, 'GET', '/api/stats/density')).statusCode).toBe(401);
    expect((await t.as(await t.login('kiemduyet'), 'GET', '/api/stats/density')).statusCode).toBe(403);
  });
});
