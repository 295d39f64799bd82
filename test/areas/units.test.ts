import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

describe(`police units with history and jurisdiction (${ENGINE})`, () => {
  let t: TestContext;
  let admin: Session;
  let wardOfficer: Session;
  let districtOfficer: Session;
  let commander: Session;
  const unitId = async (code: string) => (await t.database.db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    admin = await t.login('admin');
    wardOfficer = await t.login('canbo');
    districtOfficer = await t.login('canbo.quanhk');
    commander = await t.login('lanhdao');
  });
  afterAll(async () => t?.close());

  it('should hold a realistic Hanoi structure: departments, 30 district police to 2025-02-28, a unit per commune of each generation', async () => {
    const on = async (date: string, kind: string) =>
      ((await t.as(admin, 'GET', `/api/units?date=${date}&kind=${kind}`)).json().items as unknown[]).length;
    expect(await on('2024-06-01', 'district')).toBe(30);
    expect(await on('2025-03-01', 'district')).toBe(0);
    expect(await on('2024-06-01', 'commune')).toBe(579);
    expect(await on('2025-02-01', 'commune')).toBe(526);
    expect(await on('2025-04-01', 'commune')).toBe(526);
    expect(await on('2025-08-01', 'commune')).toBe(126);
    expect(await on('2025-08-01', 'department')).toBeGreaterThanOrEqual(8);
  });

  it('should show a unit with its predecessors and jurisdiction', async () => {
    const detail = (await t.as(admin, 'GET', `/api/units/${await unitId('CA-00070')}`)).json();
    expect(detail.unit).toMatchObject({ name: 'Công an phường Hoàn Kiếm', kind: 'commune', validFrom: '2025-07-01', validTo: null });
    expect(detail.parent.code).toBe('CATP-HN');
    expect(detail.predecessors.length).toBeGreaterThan(3);
    expect(detail.predecessors.every((p: { validTo: string }) => p.validTo === '2025-06-30')).toBe(true);
    expect(detail.jurisdiction).toEqual([expect.objectContaining({ areaCode: '00070', areaFullName: 'Phường Hoàn Kiếm', validFrom: '2025-07-01' })]);
    const district = (await t.as(admin, 'GET', `/api/units/${await unitId('CAQ-002')}`)).json();
    expect(district.unit.validTo).toBe('2025-02-28');
    expect(district.children.length).toBeGreaterThan(15);
  });

  it("should limit a commune officer to the commune's data", async () => {
    const scope = (await t.as(wardOfficer, 'GET', '/api/scope?date=2025-08-01')).json();
    expect(scope.all).toBe(false);
    expect(scope.areas.map((a: { code: string }) => a.code)).toEqual(['00070']);
    // Its history: on a 2024 date, the old communes that became Phường Hoàn Kiếm.
    const history = (await t.as(wardOfficer, 'GET', '/api/scope?date=2024-06-01')).json();
    expect(history.areas.length).toBeGreaterThan(3);
    const formedFrom = (await t.as(wardOfficer, 'GET', '/api/areas/00070?date=2025-08-01')).json().formedFrom.map((f: { code: string }) => f.code);
    expect(formedFrom.length).toBeGreaterThan(0);
    // Other units are out of scope, and answer as a unit that does not exist (no existence oracle).
    const other = await t.as(wardOfficer, 'GET', `/api/units/${await unitId('CA-00004')}`);
    expect(other.statusCode).toBe(404);
    const none = await t.as(wardOfficer, 'GET', '/api/units/00000000-0000-4000-8000-000000000000');
    expect([other.statusCode, other.json().error.code, other.json().error.message]).toEqual([none.statusCode, none.json().error.code, none.json().error.message]);
    const list = (await t.as(wardOfficer, 'GET', '/api/units?date=2025-08-01')).json();
    expect(list.items.map((u: { code: string }) => u.code)).toEqual(['CA-00070']);
  });

  it('should give a district unit its district before 2025-03-01, and nothing after', async () => {
    const scope = (await t.as(districtOfficer, 'GET', '/api/scope?date=2024-06-01')).json();
    const expected = await sql<{ code: string }>`
      select code from area where parent_code = '002' and level = 3 and valid_from <= '2024-06-01' and (valid_to is null or valid_to >= '2024-06-01')
      order by code`.execute(t.database.db);
    expect(expected.rows.length).toBeGreaterThan(10);
    expect(scope.areas.map((a: { code: string }) => a.code).filter((c: string) => c.length === 5)).toEqual(expected.rows.map((r) => r.code));
    const after = (await t.as(districtOfficer, 'GET', '/api/scope?date=2025-08-01')).json();
    expect(after.areas).toEqual([]);
  });

  it('should give the city command everything', async () => {
    expect((await t.as(commander, 'GET', '/api/scope?date=2024-06-01')).json().all).toBe(true);
  });

  it('should let an administrator add a unit and its jurisdiction within the rules, audited', async () => {
    const parentId = await unitId('CA-00070');
    const early = await t.as(admin, 'POST', '/api/units', { code: 'TCS-HK', name: 'Tổ công tác', kind: 'other', parentId, validFrom: '2024-01-01' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('RULE_VIOLATION');
    const created = await t.as(admin, 'POST', '/api/units', { code: 'TCS-HK', name: 'Tổ công tác phố cổ', kind: 'other', parentId, validFrom: '2026-01-01' });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    const badArea = await t.as(admin, 'POST', `/api/units/${id}/jurisdiction`, { areaCode: '00001', validFrom: '2026-01-01' });
    expect(badArea.statusCode).toBe(400);
    expect(badArea.json().error.fields[0].path).toBe('body.areaCode');
    const ok = await t.as(admin, 'POST', `/api/units/${id}/jurisdiction`, { areaCode: '00070', validFrom: '2026-01-01' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().jurisdiction).toHaveLength(1);
    const audit = (await t.as(admin, 'GET', `/api/audit?entityType=unit&entityId=${id}`)).json().items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['unit.jurisdiction_added', 'unit.created']);
    const duplicate = await t.as(admin, 'POST', '/api/units', { code: 'TCS-HK', name: 'x', kind: 'other', parentId, validFrom: '2026-01-01' });
    expect(duplicate.statusCode).toBe(409);
    const officerWrite = await t.as(wardOfficer, 'PATCH', `/api/units/${id}`, { name: 'x' });
    expect(officerWrite.statusCode).toBe(403);
  });
});
