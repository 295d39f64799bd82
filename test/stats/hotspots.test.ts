import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TStatHotspotResult } from '../../src/contracts/stats';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { insertPlanted, plantedIncident } from '../support/incidents';
import { ENGINE } from '../support/db';

/**
 * Hot spots through GET /api/stats/hotspots on the real Hanoi boundaries: a planted cluster of fires (one
 * commune and its neighbours, on top of one fire in every commune) is found on communes and on the grid;
 * a commune far from it is not; a ward officer's analysis stays inside their ward.
 */
describe(`hot spots (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  let officer: Session;
  let generation: string;
  let hot: string;
  let far: string;
  let hotPoint: [number, number];
  let planted = 0;
  const DAY = '2026-02-02';

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    officer = await t.login('canbo');
    const areas = t.services.areas;
    generation = (await areas.newestGeometryDate())!;
    const geo = (await areas.geometryOn(generation))!;
    const codes = [...geo.codes];
    // The cluster: the commune with most neighbours; far: a commune no neighbour of a neighbour of it.
    hot = codes.reduce((a, b) => ((geo.adjacency[b]?.length ?? 0) > (geo.adjacency[a]?.length ?? 0) ? b : a));
    const near = new Set([hot, ...geo.adjacency[hot]!, ...geo.adjacency[hot]!.flatMap((n) => geo.adjacency[n] ?? [])]);
    far = codes.find((c) => !near.has(c))!;
    const unitId = (
      await t.database.db.selectFrom('unit').select('id').where('kind', '=', 'department').executeTakeFirstOrThrow()
    ).id;
    /** A point inside the commune (scanning its box). */
    const pointIn = (code: string): [number, number] => {
      const [w, s, e, n] = geo.bboxOf(code)!;
      for (let i = 1; i < 20; i++)
        for (let j = 1; j < 20; j++) {
          const p: [number, number] = [w + ((e - w) * i) / 20, s + ((n - s) * j) / 20];
          if (geo.locate(p[0], p[1]) === code) return p;
        }
      throw new Error(`no point found in ${code}`);
    };
    hotPoint = pointIn(hot);
    const rows: Record<string, unknown>[] = [];
    const add = (code: string, n: number, point: [number, number] | null) => {
      for (let i = 0; i < n; i++)
        rows.push(plantedIncident({ refNo: `HS-${rows.length}`, areaCode: code, areaValidFrom: generation, unitId, day: DAY, time: '10:00', point }));
    };
    for (const c of codes) add(c, 1, pointIn(c));
    add(hot, 40, hotPoint);
    for (const c of geo.adjacency[hot]!) add(c, 12, pointIn(c));
    add(far, 1, null); // no point: counted on communes, not on the grid
    planted = rows.length;
    await insertPlanted(t.database.db, rows);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = async (who: Session, qs: string) => {
    const res = await t.as(who, 'GET', `/api/stats/hotspots?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TStatHotspotResult;
  };

  it('finds the planted cluster on communes, at 99%, and not the far commune', async () => {
    const r = await get(commander, `metric=fires&level=commune&period=custom&from=${DAY}&to=${DAY}`);
    expect(r.generationDate).toBe(generation);
    expect(r.total).toBe(planted);
    expect(r.features).toBeGreaterThanOrEqual(126);
    const cell = (code: string) => r.cells.find((c) => c.key === code)!;
    expect(cell(hot)).toMatchObject({ count: 41, bin: 3 });
    expect(cell(hot).z).toBeGreaterThan(3);
    expect(cell(far)).toMatchObject({ count: 2, bin: 0 });
    expect(r.hot[99]).toBeGreaterThanOrEqual(1);
    expect(r.cells.every((c) => c.bbox[0] < c.bbox[2] && c.bbox[1] < c.bbox[3])).toBe(true);
    expect(r.method.vi).toContain('Benjamini–Hochberg');
  });

  it('finds it on a 1 km grid; incidents without a point are reported, not placed', async () => {
    const r = await get(commander, `metric=fires&level=grid&cellMeters=1000&period=custom&from=${DAY}&to=${DAY}`);
    expect(r.withoutPoint).toBe(1);
    expect(r.total + r.withoutPoint).toBe(planted);
    const [lon, lat] = hotPoint;
    const cell = r.cells.find((c) => c.bbox[0] <= lon && lon < c.bbox[2] && c.bbox[1] <= lat && lat < c.bbox[3])!;
    expect(cell.count).toBeGreaterThanOrEqual(41);
    expect(cell.bin).toBeGreaterThanOrEqual(2);
    // Cells are about 1 km a side.
    expect((cell.bbox[3] - cell.bbox[1]) * 110_574).toBeCloseTo(1000, 0);
  });

  it("keeps a ward officer's analysis inside the ward", async () => {
    const r = await get(officer, `metric=fires&level=commune&period=custom&from=${DAY}&to=${DAY}`);
    expect(r.scoped).toBe(true);
    expect(r.features).toBeLessThan(5);
    expect(r.cells.every((c) => c.key !== far || far === hot)).toBe(true);
    expect(r.total).toBeLessThan(planted);
  });

  it('refuses bad input naming the field', async () => {
    for (const [qs, field] of [
      ['level=hexagon', 'level'],
      ['level=grid&cellMeters=10', 'cellMeters'],
      ['metric=clearance_rate', 'metric'],
      ['period=custom&from=2026-02-05&to=2026-02-01', 'from'],
    ]) {
      const res = await t.as(commander, 'GET', `/api/stats/hotspots?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.body, qs).toContain(field);
    }
    expect((await t.as(null, 'GET', '/api/stats/hotspots')).statusCode).toBe(401);
  });
});
