import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

// TEST_NOW is 2026-03-10T03:00Z = 10:00 in Hanoi (a Tuesday).
describe(`incident registry (${ENGINE})`, () => {
  let t: TestContext;
  let officer: Session;
  let otherOfficer: Session;
  let commander: Session;
  let viewer: Session;
  let hoanKiemUnit: string;
  let reportId: string;

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    officer = await t.login('canbo');
    otherOfficer = await t.login('canbo.badinh');
    commander = await t.login('lanhdao');
    viewer = await t.login('xem');
    hoanKiemUnit = (await t.database.db.selectFrom('unit').select('id').where('code', '=', 'CA-00070').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
  });
  const report = (over: Record<string, unknown> = {}) => ({
    kind: 'crime_report',
    occurredAt: '2026-03-09T20:30:00+07:00',
    receivedAt: '2026-03-10T09:15:00+07:00',
    areaCode: '00070',
    point: { lon: 105.8524, lat: 21.0287 },
    address: 'Số 5 phố Đinh Tiên Hoàng',
    unitId: hoanKiemUnit,
    title: 'Mất trộm xe máy',
    narrative: 'Người báo: mất xe máy Honda Vision trước cửa nhà.',
    reportSource: 'to_giac',
    reporterName: 'Nguyễn Thị Hoa',
    reporterContact: '0912345678',
    ...over,
  });

  it('should record a crime report with its reference number and legal deadline', async () => {
    const res = await t.as(officer, 'POST', '/api/incidents', report());
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    reportId = r.id;
    expect(r.refNo).toMatch(/^TB-2026-\d{6}$/);
    expect(r.status).toBe('received');
    expect(r.statusLabel.vi).toBe('Đã tiếp nhận');
    expect(r.areaFullName).toBe('Phường Hoàn Kiếm');
    // 20 days from 10/03 (receipt day not counted) → 30/03/2026, a Monday.
    expect(r.deadlines).toMatchObject({ resolutionDue: '2026-03-30', daysLeft: 20, overdue: false, receiptDayCounts: false });
    expect(r.deadlines.allowed).toEqual(expect.arrayContaining(['start_verification', 'open_case', 'no_case']));
    expect(r.deadlines.allowed).not.toContain('suspend');
  });

  it('should refuse bad input with the field path and write nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ areaCode: '00001' }, 'body.areaCode'], // Phúc Xá ended on 2025-06-30
      [{ receivedAt: '2026-03-09T10:00:00+07:00' }, 'body.receivedAt'],
      [{ occurredAt: '2026-04-01T10:00:00+07:00', receivedAt: '2026-04-01T11:00:00+07:00' }, 'body.occurredAt'],
      [{ point: { lon: 2.35, lat: 48.85 } }, 'body.point'],
      [{ title: '' }, 'body.title'],
      [{ narrative: 'x'.repeat(20_001) }, 'body.narrative'],
      [{ reportSource: 'rumour' }, 'body.reportSource'],
    ];
    for (const [over, path] of cases) {
      const res = await t.as(officer, 'POST', '/api/incidents', report(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path), JSON.stringify(over)).toContain(path);
    }
    const traffic = await t.as(officer, 'POST', '/api/incidents', {
      ...report(),
      kind: 'traffic_accident',
      deaths: -1,
      injuries: 0,
    });
    expect(traffic.json().error.fields[0].path).toBe('body.deaths');
    const fraud = await t.as(officer, 'POST', '/api/incidents', {
      ...report(),
      kind: 'online_fraud',
      channel: 'Zalo',
      amountLostVnd: 50_000_000,
      identifiers: [{ kind: 'phone', value: '12345' }],
    });
    expect(fraud.json().error.fields[0].path).toBe('body.identifiers.0.value');
    const list = (await t.as(officer, 'GET', '/api/incidents?limit=200')).json();
    expect(list.items).toHaveLength(1);
  });

  it('should run the legal clock: verify, extend, open a case that is then cleared', async () => {
    const v = await t.as(officer, 'POST', `/api/incidents/${reportId}/clock`, { type: 'start_verification' });
    expect(v.json().status).toBe('verifying');
    const ext = await t.as(officer, 'POST', `/api/incidents/${reportId}/clock`, { type: 'extend', by: 'investigating_body', until: '2026-05-08' });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json().status).toBe('extended');
    expect(ext.json().deadlines.resolutionDue).toBe('2026-05-08');
    const tooLong = await t.as(officer, 'POST', `/api/incidents/${reportId}/clock`, { type: 'extend', by: 'investigating_body', until: '2026-08-01' });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error.code).toBe('RULE_VIOLATION');
    const opened = await t.as(officer, 'POST', `/api/incidents/${reportId}/clock`, { type: 'open_case', article: '173', clause: 1 });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().status).toBe('case_opened');
    expect(opened.json().caseIds).toHaveLength(1);
    const again = await t.as(officer, 'POST', `/api/incidents/${reportId}/clock`, { type: 'no_case' });
    expect(again.statusCode).toBe(422);
    const caseId = opened.json().caseIds[0];
    const c = (await t.as(officer, 'GET', `/api/incidents/${caseId}`)).json();
    expect(c).toMatchObject({ kind: 'criminal_case', article: '173', clause: 1, severity: 'it_nghiem_trong', statGroup: 'trat_tu_xa_hoi', reportId });
    expect(c.refNo).toMatch(/^VA-2026-/);
    const early = await t.as(officer, 'POST', `/api/incidents/${caseId}/clear`, { version: c.version, cleared: true, clearedOn: '2026-03-01' });
    expect(early.statusCode).toBe(400);
    const cleared = await t.as(officer, 'POST', `/api/incidents/${caseId}/clear`, { version: c.version, cleared: true, clearedOn: '2026-03-10' });
    expect(cleared.json()).toMatchObject({ cleared: true, clearedOn: '2026-03-10', status: 'solved' });
    const stale = await t.as(officer, 'POST', `/api/incidents/${caseId}/clear`, { version: c.version, cleared: false, clearedOn: null });
    expect(stale.statusCode).toBe(409);
    const history = (await t.as(officer, 'GET', `/api/incidents/${reportId}/history`)).json().items.map((h: { action: string }) => h.action);
    expect(history).toEqual(['clock.open_case', 'clock.extend', 'clock.start_verification', 'created']);
  });

  it('should version and audit every change, and keep sensitive fields for those allowed, audited', async () => {
    const current = (await t.as(officer, 'GET', `/api/incidents/${reportId}`)).json();
    const upd = await t.as(officer, 'PATCH', `/api/incidents/${reportId}`, { version: current.version, title: 'Mất trộm xe máy Honda Vision', address: 'Số 7 phố Đinh Tiên Hoàng' });
    expect(upd.statusCode, upd.body).toBe(200);
    const h = (await t.as(officer, 'GET', `/api/incidents/${reportId}/history`)).json().items[0];
    expect(h.changes.title).toEqual({ from: 'Mất trộm xe máy', to: 'Mất trộm xe máy Honda Vision' });
    const status = await t.as(officer, 'PATCH', `/api/incidents/${reportId}`, { version: upd.json().version, status: 'no_case' });
    expect(status.statusCode).toBe(400);
    expect((await t.as(viewer, 'GET', `/api/incidents/${reportId}`)).json().narrative).toBeNull();
    const full = (await t.as(commander, 'GET', `/api/incidents/${reportId}`)).json();
    expect(full.reporterContact).toBe('0912345678');
    const audit = (await t.as(commander, 'GET', `/api/audit?entityType=incident&entityId=${reportId}&limit=50`)).json().items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['incident.created', 'incident.updated', 'incident.clock.extend', 'incident.sensitive_read']));
  });

  it('should keep records outside the scope out of reach of another ward', async () => {
    // Out of scope answers exactly as a record that does not exist (no existence oracle).
    const none = await t.as(otherOfficer, 'GET', '/api/incidents/00000000-0000-4000-8000-000000000000');
    const read = await t.as(otherOfficer, 'GET', `/api/incidents/${reportId}`);
    expect(read.statusCode).toBe(404);
    expect(read.json().error).toMatchObject({ code: none.json().error.code, message: none.json().error.message });
    const list = (await t.as(otherOfficer, 'GET', '/api/incidents?limit=200')).json();
    expect(list.items).toHaveLength(0);
    const write = await t.as(otherOfficer, 'PATCH', `/api/incidents/${reportId}`, { version: 1, title: 'x' });
    expect(write.statusCode).toBe(404);
    const create = await t.as(otherOfficer, 'POST', '/api/incidents', report());
    expect(create.statusCode).toBe(400);
    expect(create.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.unitId']);
    const csv = await t.as(otherOfficer, 'GET', '/api/incidents/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain('TB-2026');
    expect((await t.as(commander, 'GET', '/api/incidents/export?format=csv')).body).toContain('TB-2026-000001');
  });

  it('should filter, search without diacritics and page with a cursor', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.as(officer, 'POST', '/api/incidents', {
        ...report({ occurredAt: `2026-03-0${i + 1}T08:00:00+07:00`, receivedAt: `2026-03-0${i + 1}T09:00:00+07:00`, title: `Cháy nhà số ${i}` }),
        kind: 'fire',
        deaths: 0,
        injuries: i,
        damageVnd: 10_000_000,
        premisesType: 'nhà ở',
        cause: 'chập điện',
        urban: true,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await t.as(officer, 'GET', `/api/incidents?kind=fire&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const search = (await t.as(officer, 'GET', `/api/incidents?q=${encodeURIComponent('chay nha so 3')}`)).json();
    expect(search.items.map((i: { title: string }) => i.title)).toEqual(['Cháy nhà số 3']);
    const byArea = (await t.as(officer, 'GET', `/api/incidents?q=hoan%20kiem&limit=200`)).json();
    expect(byArea.items.length).toBe(7);
    const period = (await t.as(officer, 'GET', '/api/incidents?from=2026-03-02&to=2026-03-03&kind=fire')).json();
    expect(period.items).toHaveLength(2);
    const badCursor = await t.as(officer, 'GET', '/api/incidents?cursor=nonsense');
    expect(badCursor.statusCode).toBe(400);
  });

  it('should list crime reports due within 5 days and overdue ones', async () => {
    const res = await t.as(officer, 'POST', '/api/incidents', report({ occurredAt: '2026-02-10T08:00:00+07:00', receivedAt: '2026-02-10T09:00:00+07:00' }));
    const old = res.json();
    // Received 10/02: 20 days → 02/03, passed on 10/03.
    expect(old.deadlines).toMatchObject({ resolutionDue: '2026-03-02', overdue: true });
    const overdue = (await t.as(officer, 'GET', '/api/incidents?overdue=true')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([old.id]);
    expect(overdue.items[0].daysLeft).toBe(-8);
    await t.as(officer, 'POST', '/api/incidents', report({ occurredAt: '2026-02-20T08:00:00+07:00', receivedAt: '2026-02-20T09:00:00+07:00' }));
    const due = (await t.as(officer, 'GET', '/api/incidents?dueWithinDays=5')).json();
    expect(due.items).toHaveLength(1);
    expect(due.items[0].resolutionDue).toBe('2026-03-12');
  });
  it('should refuse another ward\'s report or parent exactly as an unknown id, and link nothing', async () => {
    const badinhUnit = (await t.database.db.selectFrom('unit').select('id').where('code', '=', 'CA-00004').executeTakeFirstOrThrow()).id;
    const theirs = await t.as(otherOfficer, 'POST', '/api/incidents', report({ areaCode: '00004', point: null, unitId: badinhUnit, title: 'Tin báo Ba Đình' }));
    expect(theirs.statusCode, theirs.body).toBe(200);
    const caseOf = (ref: Record<string, unknown>) => ({
      ...report(),
      kind: 'criminal_case',
      article: '173',
      clause: 1,
      reportSource: undefined,
      reporterName: undefined,
      reporterContact: undefined,
      ...ref,
    });
    const count = async () => Number((await t.database.db.selectFrom('incident').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [field, body] of [
      ['body.reportId', (id: string) => caseOf({ reportId: id })],
      ['body.parentId', (id: string) => ({ ...report(), kind: 'traffic_accident', deaths: 0, injuries: 1, damageVnd: 0, vehicles: 2, reportSource: undefined, reporterName: undefined, reporterContact: undefined, parentId: id })],
    ] as const) {
      const foreign = await t.as(officer, 'POST', '/api/incidents', body(theirs.json().id));
      const missing = await t.as(officer, 'POST', '/api/incidents', body(unknown));
      expect(foreign.statusCode, foreign.body).toBe(400);
      expect(foreign.json().error.fields).toEqual([expect.objectContaining({ path: field })]);
      expect(foreign.json().error).toMatchObject({ code: missing.json().error.code, message: missing.json().error.message, fields: missing.json().error.fields });
    }
    expect(await count()).toBe(before);
    expect((await t.as(otherOfficer, 'GET', `/api/incidents/${theirs.json().id}`)).json().caseIds).toEqual([]);
    // The officer's own report is fine.
    const ok = await t.as(officer, 'POST', '/api/incidents', caseOf({ reportId }));
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('should open a confidential (mật) record only with the permission, and show it to others as a redacted row', async () => {
    const secret = await t.as(commander, 'POST', '/api/incidents', report({ classification: 'mat', title: 'Chuyên án bí mật XYZ', address: 'Số 9 phố Bí Mật' }));
    expect(secret.statusCode, secret.body).toBe(200);
    const id = secret.json().id;
    expect((await t.as(commander, 'GET', `/api/incidents/${id}`)).json().title).toBe('Chuyên án bí mật XYZ');
    const refused = await t.as(officer, 'GET', `/api/incidents/${id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(refused.body).not.toContain('XYZ');
    expect((await t.as(officer, 'GET', `/api/incidents/${id}/history`)).statusCode).toBe(403);
    expect((await t.as(officer, 'PATCH', `/api/incidents/${id}`, { version: 1, title: 'x' })).statusCode).toBe(403);
    const list = (await t.as(officer, 'GET', '/api/incidents?limit=200')).json();
    const row = list.items.find((r: { id: string }) => r.id === id);
    expect(row).toMatchObject({ refNo: secret.json().refNo, kind: 'crime_report', classification: 'mat', unitName: secret.json().unitName });
    expect(JSON.stringify(row)).not.toContain('XYZ');
    // Its words are not searchable by those who may not read it.
    expect((await t.as(officer, 'GET', '/api/incidents?q=XYZ')).json().items).toEqual([]);
    expect((await t.as(commander, 'GET', '/api/incidents?q=XYZ')).json().items).toHaveLength(1);
    const csv = await t.as(officer, 'GET', '/api/incidents/export?format=csv');
    expect(csv.body).toContain(secret.json().refNo);
    expect(csv.body).not.toContain('XYZ');
    // An officer may not record (or reclassify into) what they could not read back.
    const own = await t.as(officer, 'POST', '/api/incidents', report({ classification: 'mat' }));
    expect(own.statusCode).toBe(403);
    expect(own.json().error.fields[0].path).toBe('body.classification');
  });
});
