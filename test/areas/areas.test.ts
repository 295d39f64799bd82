import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/platform/actor';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

describe(`areas and their lineage (${ENGINE})`, () => {
  let t: TestContext;
  let officer: Session;

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    officer = await t.login('canbo');
  });
  afterAll(async () => t?.close());

  const total = async (query: string) => {
    const res = await t.as(officer, 'GET', `/api/areas?${query}&limit=1`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().total as number;
  };

  it('should hold every generation of Hanoi with the right counts', async () => {
    expect(await total('date=2025-07-01&level=3')).toBe(126);
    expect(await total('date=2025-07-01&level=3&type=phuong')).toBe(51);
    expect(await total('date=2025-07-01&level=3&type=xa')).toBe(75);
    expect(await total('date=2025-07-01&level=2')).toBe(0);
    expect(await total('date=2025-03-01&level=3')).toBe(526);
    expect(await total('date=2025-03-01&level=2')).toBe(30);
    expect(await total('date=2024-11-01&level=3')).toBe(579);
    expect(await total('date=2024-11-01&level=2')).toBe(30);
  });

  it('should hold the national two-tier list and all 796 Hanoi mapping pairs', async () => {
    expect(await total('date=2025-07-01&province=all&level=1')).toBe(34);
    expect(await total('date=2025-07-01&province=all&level=3')).toBe(3321);
    const links = await sql<{ n: number }>`select count(*)::int as n from area_link where to_valid_from = '2025-07-01'`.execute(t.database.db);
    expect(links.rows[0]!.n).toBe(796);
  });

  it('should find an area with or without diacritics', async () => {
    for (const q of ['hoan kiem', 'Hoàn Kiếm', 'HOAN KIEM']) {
      const res = (await t.as(officer, 'GET', `/api/areas?date=2025-07-01&level=3&q=${encodeURIComponent(q)}`)).json();
      expect(res.items.map((a: { fullName: string }) => a.fullName), q).toContain('Phường Hoàn Kiếm');
    }
  });

  it('should show the lineage of a split commune and of a new one', async () => {
    const split = (await t.as(officer, 'GET', '/api/areas/00007?date=2025-03-01')).json();
    expect(split.area.fullName).toBe('Phường Cống Vị');
    expect(split.wentTo.map((w: { code: string; relation: string }) => `${w.code}:${w.relation}`)).toEqual(['00008:partial', '00025:partial']);
    const merged = (await t.as(officer, 'GET', '/api/areas/00070?date=2025-08-01')).json();
    expect(merged.area.fullName).toBe('Phường Hoàn Kiếm');
    expect(merged.formedFrom.length).toBeGreaterThan(3);
    expect(merged.units.map((u: { code: string }) => u.code)).toContain('CA-00070');
    // A reused code names another area on another date.
    const old = (await t.as(officer, 'GET', '/api/areas/00004?date=2025-03-01')).json();
    expect(old.area.fullName).toBe('Phường Trúc Bạch');
  });

  it('should resolve old codes onto today, marking split communes without a point as approximate', async () => {
    const approx = (await t.as(officer, 'GET', '/api/areas/resolve?code=00007&date=2025-03-01&target=2025-08-01')).json();
    expect(approx.approximate).toBe(true);
    expect(['00008', '00025']).toContain(approx.code);
    // Văn Miếu lies in Phường Văn Miếu - Quốc Tử Giám.
    const byPoint = (await t.as(officer, 'GET', '/api/areas/resolve?code=00007&date=2025-03-01&target=2025-08-01&lon=105.8355&lat=21.0285')).json();
    expect(byPoint.method).toBe('polygon');
    const chain = (await t.as(officer, 'GET', '/api/areas/resolve?code=00004&date=2022-05-01&target=2025-08-01')).json();
    expect(chain.code).toBe('00004');
    expect(chain.fullName).toBe('Phường Ba Đình');
  });

  it('should locate a landmark and serve the boundaries valid on a date', async () => {
    const lake = (await t.as(officer, 'GET', '/api/areas/locate?lon=105.8524&lat=21.0287&date=2025-08-01')).json();
    expect(lake.area.code).toBe('00070');
    const now = (await t.as(officer, 'GET', '/api/areas/geojson?date=2025-08-01&outline=true')).json();
    expect(now.features.filter((f: { properties: { kind?: string } }) => !f.properties.kind)).toHaveLength(126);
    expect(now.features.filter((f: { properties: { kind?: string } }) => f.properties.kind === 'outline')).toHaveLength(1);
    const before = (await t.as(officer, 'GET', '/api/areas/geojson?date=2024-08-01')).json();
    expect(before.features).toHaveLength(0);
  });

  it('should refuse bad input with the field path', async () => {
    const bad = await t.as(officer, 'GET', '/api/areas?date=2025-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('query.date');
    const code = await t.as(officer, 'GET', '/api/areas/12ab');
    expect(code.statusCode).toBe(400);
    expect(code.json().error.fields[0].path).toBe('params.code');
    const missing = await t.as(officer, 'GET', '/api/areas/99999?date=2025-08-01');
    expect(missing.statusCode).toBe(404);
    const lon = await t.as(officer, 'GET', '/api/areas/locate?lon=abc&lat=21');
    expect(lon.statusCode).toBe(400);
  });

  it('should report no inconsistency in the Hanoi generations and list what it could not map', async () => {
    const report = await t.services.areas.check(systemActor());
    expect(report.issues).toEqual([]);
    expect(report.geometryProblems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.unmapped).toHaveLength(86);
  });

  it('should import a new generation from files so the next reform is data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-gen-'));
    const old = await sql<{ code: string; fullName: string }>`
      select code, full_name from area where province_code = '12' and level = 3 and valid_to is null order by code`.execute(t.database.db);
    expect(old.rows).toHaveLength(38);
    const header = 'province_code,province_full_name,ward_code,ward_name,ward_full_name,ward_type';
    fs.writeFileSync(path.join(dir, 'units.csv'), `${header}\n12,Tỉnh Lai Châu,03388,Đoàn Kết,Phường Đoàn Kết,Phường\n12,Tỉnh Lai Châu,03408,Tân Phong,Phường Tân Phong,Phường\n`);
    const mapHeader = 'old_province_code,old_province_full_name,old_district_code,old_district_full_name,old_ward_code,old_ward_full_name,new_province_code,new_province_full_name,new_ward_code,new_ward_full_name,new_ward_type,relation,old_ward_target_count';
    const rows = old.rows.map((r, i) => {
      const [code, name] = i < 19 ? ['03388', 'Phường Đoàn Kết'] : ['03408', 'Phường Tân Phong'];
      return `12,Tỉnh Lai Châu,,,${r.code},${r.fullName},12,Tỉnh Lai Châu,${code},${name},Phường,full,1`;
    });
    fs.writeFileSync(path.join(dir, 'mapping.csv'), [mapHeader, ...rows].join('\n') + '\n');
    // A mapping that leaves an old commune out is refused, with nothing written.
    fs.writeFileSync(path.join(dir, 'short.csv'), [mapHeader, ...rows.slice(1)].join('\n') + '\n');
    const opts = { id: 'test-2027', label: 'Lai Châu 2027', validFrom: '2027-01-01', unitsFile: path.join(dir, 'units.csv') };
    await expect(t.services.areas.importGeneration(systemActor(), { ...opts, mappingFile: path.join(dir, 'short.csv') })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await total('date=2027-01-01&province=12&level=3')).toBe(38);
    const r = await t.services.areas.importGeneration(systemActor(), { ...opts, mappingFile: path.join(dir, 'mapping.csv') });
    expect(r).toMatchObject({ communes: 2, links: 38, closed: 38 });
    expect(await total('date=2027-01-01&province=12&level=3')).toBe(2);
    expect(await total('date=2026-12-31&province=12&level=3')).toBe(38);
    const resolved = (await t.as(officer, 'GET', `/api/areas/resolve?code=${old.rows[30]!.code}&date=2026-06-01&target=2027-02-01`)).json();
    expect(resolved).toMatchObject({ code: '03408', approximate: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
