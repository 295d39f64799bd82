import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

// TEST_NOW is 2026-03-10T03:00Z = 10:00 in Hanoi.
describe(`event protection (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;
  let eventOfficer: Session;
  let hoanKiemOfficer: Session;
  let baDinhOfficer: Session;
  const unit: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    eventOfficer = await t.login('sukien');
    hoanKiemOfficer = await t.login('canbo');
    baDinhOfficer = await t.login('canbo.badinh');
    const rows = await t.database.db
      .selectFrom('unit')
      .select(['id', 'code'])
      .where('code', 'in', ['CA-00070', 'CA-00004', 'PC08', 'CATP-HN'])
      .execute();
    for (const r of rows) unit[r.code] = r.id;
  });
  afterAll(async () => {
    await t?.close();
  });
  const hoanKiemEvent = (over: Record<string, unknown> = {}) => ({
    name: 'Hòa nhạc giao hưởng chào mừng',
    type: 'cultural_sports',
    level: 'important',
    startsAt: '2026-04-30T19:00:00+07:00',
    endsAt: '2026-04-30T22:00:00+07:00',
    venueName: 'Nhà hát Lớn Hà Nội',
    point: { lon: 105.8577, lat: 21.0243 },
    areaCode: '00070',
    expectedAttendance: 600,
    organiser: 'Sở Văn hóa và Thể thao',
    leadUnitId: unit['CA-00070'],
    ...over,
  });
  const baDinhEvent = (over: Record<string, unknown> = {}) => ({
    name: 'Lễ đón chính thức Tổng thống',
    type: 'diplomatic_visit',
    level: 'especially_important',
    startsAt: '2026-05-12T08:00:00+07:00',
    endsAt: '2026-05-12T11:00:00+07:00',
    venueName: 'Phủ Chủ tịch',
    point: { lon: 105.8347, lat: 21.0398 },
    areaCode: '00004',
    leadUnitId: unit['CA-00004'],
    ...over,
  });
  const create = async (session: Session, body: Record<string, unknown>) => {
    const res = await t.as(session, 'POST', '/api/events', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const move = (session: Session, ev: { id: string; version: number }, body: Record<string, unknown>) =>
    t.as(session, 'POST', `/api/events/${ev.id}/status`, { version: ev.version, ...body });

  it('should create a draft from the template of its type, with objectives, tasks, posts on the map and staffing per shift', async () => {
    const e = await create(eventOfficer, { ...hoanKiemEvent(), fromTemplate: true });
    expect(e.status).toBe('draft');
    expect(e.statusLabel.vi).toBe('Dự thảo');
    expect(e.areaFullName).toBe('Phường Hoàn Kiếm');
    expect(e.objectives.length).toBeGreaterThan(0);
    expect(e.tasks.length).toBeGreaterThan(3);
    expect(e.posts.every((p: { point: unknown }) => p.point)).toBe(true);
    // An evening event (19–22) overlaps shift 2 only; the lead unit staffs 40 × 1.5 and the traffic police 20 × 1.5.
    const lead = e.staffing.filter((s: { unitId: string }) => s.unitId === unit['CA-00070']);
    expect(lead).toEqual([expect.objectContaining({ date: '2026-04-30', shift: 's2', staff: 60 })]);
    expect(e.staffing.find((s: { unitId: string }) => s.unitId === unit.PC08)).toMatchObject({
      staff: 30,
      shift: 's2',
    });
    expect(e.conflicts).toEqual([]);
    const audit = await t.database.db.selectFrom('auditLog').select('action').where('entityId', '=', e.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['event.created']);
  });

  it('should refuse bad input naming the field, and write nothing', async () => {
    const before = await t.database.db
      .selectFrom('event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ endsAt: '2026-04-30T18:00:00+07:00' }, 'body.endsAt', 400],
      [{ areaCode: '00001' }, 'body.areaCode', 400], // Phúc Xá ended on 2025-06-30
      [
        { staffing: [{ unitId: unit['CA-00070'], date: '2026-05-03', shift: 's1', staff: 5 }] },
        'body.staffing.0.date',
        400,
      ],
      [{ type: 'party' }, 'body.type', 400],
      [{ leadUnitId: '00000000-0000-4000-8000-000000000000' }, 'body.leadUnitId', 400],
      [{ name: '' }, 'body.name', 400],
    ];
    for (const [over, path, status] of cases) {
      const res = await t.as(eventOfficer, 'POST', '/api/events', hoanKiemEvent(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(status);
      const err = res.json().error;
      expect(
        err.fields.map((f: { path: string }) => f.path),
        JSON.stringify(over),
      ).toContain(path);
      expect(err.fields[0].vi).toBeTruthy();
      expect(err.fields[0].en).toBeTruthy();
    }
    const after = await t.database.db
      .selectFrom('event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // An officer without events.write cannot create.
    expect((await t.as(hoanKiemOfficer, 'POST', '/api/events', hoanKiemEvent())).statusCode).toBe(403);
  });

  it('should let a ward unit see events in its area or where it is assigned, and no others', async () => {
    const inHoanKiem = await create(eventOfficer, hoanKiemEvent({ name: 'Lễ hội đường phố Hồ Gươm' }));
    const supported = await create(
      eventOfficer,
      baDinhEvent({
        name: 'Đón đoàn có Hoàn Kiếm hỗ trợ',
        staffing: [{ unitId: unit['CA-00070'], date: '2026-05-12', shift: 's1', staff: 10 }],
      }),
    );
    const other = await create(eventOfficer, baDinhEvent({ name: 'Sự kiện riêng Ba Đình' }));

    expect((await t.as(hoanKiemOfficer, 'GET', `/api/events/${inHoanKiem.id}`)).statusCode).toBe(200);
    expect((await t.as(hoanKiemOfficer, 'GET', `/api/events/${supported.id}`)).statusCode).toBe(200);
    const denied = await t.as(hoanKiemOfficer, 'GET', `/api/events/${other.id}`);
    // Out of scope answers exactly as an event that does not exist (no existence oracle).
    expect(denied.statusCode).toBe(404);
    const none = await t.as(hoanKiemOfficer, 'GET', '/api/events/00000000-0000-4000-8000-000000000000');
    expect(denied.json().error).toMatchObject({ code: none.json().error.code, message: none.json().error.message });
    expect((await t.as(baDinhOfficer, 'GET', `/api/events/${inHoanKiem.id}`)).statusCode).toBe(404);

    const list = (s: Session) =>
      t.as(s, 'GET', '/api/events?from=2026-04-01&to=2026-05-31&limit=500').then((r) =>
        r.json().items.map((i: { id: string }) => i.id),
      );
    const hk = await list(hoanKiemOfficer);
    expect(hk).toEqual(expect.arrayContaining([inHoanKiem.id, supported.id]));
    expect(hk).not.toContain(other.id);
    const bd = await list(baDinhOfficer);
    expect(bd).toEqual(expect.arrayContaining([supported.id, other.id]));
    expect(bd).not.toContain(inHoanKiem.id);
    // The city command sees everything.
    expect(await list(commander)).toEqual(expect.arrayContaining([inHoanKiem.id, supported.id, other.id]));
  });

  it('should refuse invalid status transitions with the allowed moves', async () => {
    const e = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Chuyển trạng thái',
        startsAt: '2026-06-01T08:00:00+07:00',
        endsAt: '2026-06-01T10:00:00+07:00',
      }),
    );
    for (const to of ['approved', 'active', 'closed']) {
      const res = await move(eventOfficer, e, { to });
      expect(res.statusCode, to).toBe(422);
      expect(res.json().error.code).toBe('RULE_VIOLATION');
      expect(res.json().error.vi).toContain('Dự thảo');
    }
    const cancelled = await move(eventOfficer, e, { to: 'cancelled', note: 'Ban tổ chức hủy' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const again = await move(eventOfficer, cancelled.json(), { to: 'planned' });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.vi).toContain('trạng thái cuối');
    // A stale version is a conflict, not a silent overwrite.
    const e2 = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Phiên bản cũ',
        startsAt: '2026-06-02T08:00:00+07:00',
        endsAt: '2026-06-02T10:00:00+07:00',
      }),
    );
    expect((await move(eventOfficer, e2, { to: 'planned' })).statusCode).toBe(200);
    const stale = await move(eventOfficer, e2, { to: 'draft' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    // Plans cannot change once cancelled.
    expect(
      (await t.as(eventOfficer, 'PATCH', `/api/events/${e.id}`, { version: cancelled.json().version, name: 'x' }))
        .statusCode,
    ).toBe(422);
  });

  it('should detect a unit over strength, block approval, and allow only a commander with a reason to override (audited)', async () => {
    const strength = await t.as(eventOfficer, 'PUT', '/api/events/strength', {
      unitId: unit['CA-00070'],
      from: '2026-01-01',
      to: null,
      strength: 50,
    });
    expect(strength.statusCode, strength.body).toBe(200);
    const day = { startsAt: '2026-07-05T07:00:00+07:00', endsAt: '2026-07-05T12:00:00+07:00' };
    const first = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Hội nghị sáng',
        ...day,
        venueName: 'Khách sạn Sofitel Legend Metropole',
        point: { lon: 105.856, lat: 21.0257 },
        staffing: [{ unitId: unit['CA-00070'], date: '2026-07-05', shift: 's1', staff: 30 }],
      }),
    );
    expect((await move(eventOfficer, first, { to: 'planned' })).statusCode).toBe(200);
    // The check answers for a plan not yet saved.
    const check = await t.as(eventOfficer, 'POST', '/api/events/conflicts', {
      ...day,
      venueName: 'Nhà hát Lớn Hà Nội',
      staffing: [{ unitId: unit['CA-00070'], date: '2026-07-05', shift: 's1', staff: 30 }],
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().conflicts).toEqual([
      expect.objectContaining({ kind: 'unit_over_strength', committed: 60, strength: 50, eventIds: [first.id] }),
    ]);

    const second = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Lễ kỷ niệm',
        ...day,
        staffing: [{ unitId: unit['CA-00070'], date: '2026-07-05', shift: 's1', staff: 30 }],
      }),
    );
    expect(second.conflicts.map((c: { kind: string }) => c.kind)).toEqual(['unit_over_strength']);
    const planned = (await move(eventOfficer, second, { to: 'planned' })).json();
    const blocked = await move(eventOfficer, planned, { to: 'approved' });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.fields[0].path).toBe('body.overrideReason');
    expect(blocked.json().error.details.conflicts).toHaveLength(1);
    // An event officer cannot override, even with a reason.
    const notCommander = await move(eventOfficer, planned, { to: 'approved', overrideReason: 'Cần gấp' });
    expect(notCommander.statusCode).toBe(403);
    // A commander without a reason cannot either.
    expect((await move(commander, planned, { to: 'approved' })).statusCode).toBe(422);
    const ok = await move(commander, planned, {
      to: 'approved',
      overrideReason: 'Tăng cường lực lượng cơ động của thành phố',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'approved',
      overrideReason: 'Tăng cường lực lượng cơ động của thành phố',
    });
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'diff', 'actorName'])
      .where('entityId', '=', second.id)
      .where('action', '=', 'event.approved_with_override')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorName).toBe('lanhdao');
    expect(JSON.stringify(audit[0]!.diff)).toContain('Tăng cường lực lượng');

    // A one-day reinforcement on that date lifts the conflict for new plans.
    await t.as(eventOfficer, 'PUT', '/api/events/strength', {
      unitId: unit['CA-00070'],
      from: '2026-07-05',
      to: '2026-07-05',
      strength: 120,
    });
    const recheck = await t.as(eventOfficer, 'POST', '/api/events/conflicts', {
      ...day,
      venueName: 'Nơi khác',
      staffing: [{ unitId: unit['CA-00070'], date: '2026-07-05', shift: 's1', staff: 30 }],
    });
    expect(recheck.json().conflicts).toEqual([]);
  });

  it('should flag the same venue at the same time and a lead unit outside its jurisdiction', async () => {
    const slot = { startsAt: '2026-08-01T18:00:00+07:00', endsAt: '2026-08-01T21:00:00+07:00' };
    const a = await create(eventOfficer, hoanKiemEvent({ name: 'Buổi diễn A', ...slot }));
    await move(eventOfficer, a, { to: 'planned' });
    const b = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Buổi diễn B',
        ...slot,
        startsAt: '2026-08-01T20:00:00+07:00',
        endsAt: '2026-08-01T23:00:00+07:00',
      }),
    );
    expect(b.conflicts).toEqual([expect.objectContaining({ kind: 'venue_overlap', eventId: a.id })]);
    // Touching (starts when A ends) is not overlapping.
    const c = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Buổi diễn C',
        startsAt: '2026-08-01T21:00:00+07:00',
        endsAt: '2026-08-01T23:00:00+07:00',
      }),
    );
    expect(c.conflicts).toEqual([]);
    const outside = await create(
      eventOfficer,
      baDinhEvent({ name: 'Chủ trì ngoài địa bàn', leadUnitId: unit['CA-00070'] }),
    );
    expect(outside.conflicts).toEqual([
      expect.objectContaining({ kind: 'lead_outside_jurisdiction', unitId: unit['CA-00070'] }),
    ]);
    const cityLed = await create(
      eventOfficer,
      baDinhEvent({
        name: 'Thành phố chủ trì',
        leadUnitId: unit['CATP-HN'],
        startsAt: '2026-05-13T08:00:00+07:00',
        endsAt: '2026-05-13T09:00:00+07:00',
      }),
    );
    expect(cityLed.conflicts).toEqual([]);
  });

  it('should run the day: log entries, an incident created from the log, outcome and after-action items', async () => {
    const e = await create(
      commander,
      hoanKiemEvent({
        name: 'Lễ hội mùa xuân',
        startsAt: '2026-03-09T08:00:00+07:00',
        endsAt: '2026-03-10T22:00:00+07:00',
      }),
    );
    let cur = (await move(commander, e, { to: 'planned' })).json();
    cur = (await move(commander, cur, { to: 'approved' })).json();
    expect(cur.status).toBe('approved');
    expect((await move(commander, cur, { to: 'active' })).statusCode).toBe(200);
    const log1 = await t.as(commander, 'POST', `/api/events/${e.id}/log`, {
      text: 'Lực lượng vào vị trí',
      place: 'Cổng chính',
      at: '2026-03-10T07:30:00+07:00',
    });
    expect(log1.statusCode, log1.body).toBe(200);
    const log2 = await t.as(commander, 'POST', `/api/events/${e.id}/log`, {
      text: 'Va chạm giao thông nhẹ tại bãi xe',
      place: 'Bãi xe phía Nam',
      createIncident: { kind: 'traffic_accident', title: 'Va chạm xe máy tại bãi xe lễ hội' },
    });
    expect(log2.statusCode, log2.body).toBe(200);
    const body = log2.json();
    expect(body.log[0]).toMatchObject({ text: 'Va chạm giao thông nhẹ tại bãi xe', actorName: 'Nguyễn Văn Hùng' });
    expect(body.log[0].incidentId).toBeTruthy();
    expect(body.incidents).toEqual([expect.objectContaining({ id: body.log[0].incidentId, kind: 'traffic_accident' })]);
    const board = (await t.as(hoanKiemOfficer, 'GET', '/api/events/board')).json();
    expect(board.items.find((i: { id: string }) => i.id === e.id)).toMatchObject({
      entries: 2,
      incidents: 1,
      lastEntry: { text: 'Va chạm giao thông nhẹ tại bãi xe' },
    });

    const safe = await move(commander, body, { to: 'closed', outcome: 'safe' });
    expect(safe.statusCode).toBe(422);
    expect(safe.json().error.fields[0].path).toBe('body.outcome');
    const closed = await move(commander, body, {
      to: 'closed',
      outcome: 'incidents',
      note: 'Một vụ va chạm nhẹ, đã xử lý',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'incidents' });
    // The log is closed with the event.
    expect((await t.as(commander, 'POST', `/api/events/${e.id}/log`, { text: 'muộn' })).statusCode).toBe(422);

    const added = await t.as(commander, 'POST', `/api/events/${e.id}/actions`, {
      title: 'Bố trí thêm biển chỉ dẫn bãi xe',
      ownerUnitId: unit.PC08,
      dueOn: '2026-03-05',
    });
    expect(added.statusCode, added.body).toBe(200);
    const action = added.json().actions[0];
    expect(action).toMatchObject({ status: 'open', overdue: true, ownerUnitName: 'Phòng Cảnh sát giao thông' });
    const done = await t.as(commander, 'PATCH', `/api/events/${e.id}/actions/${action.id}`, {
      status: 'done',
      note: 'Đã lắp 6 biển',
    });
    expect(done.json().actions[0]).toMatchObject({ status: 'done', overdue: false, doneNote: 'Đã lắp 6 biển' });
  });

  it('should change the plan of a draft (version checked, lists replaced, audited) and list templates and venues', async () => {
    const e = await create(
      eventOfficer,
      hoanKiemEvent({
        name: 'Sửa kế hoạch',
        startsAt: '2026-06-10T08:00:00+07:00',
        endsAt: '2026-06-10T10:00:00+07:00',
      }),
    );
    const res = await t.as(eventOfficer, 'PATCH', `/api/events/${e.id}`, {
      version: e.version,
      level: 'especially_important',
      tasks: [{ title: 'Khảo sát địa điểm', done: true }],
      staffing: [{ unitId: unit['CA-00070'], date: '2026-06-10', shift: 's1', staff: 12 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      version: e.version + 1,
      level: 'especially_important',
      tasks: [{ title: 'Khảo sát địa điểm', done: true }],
      staffTotal: 12,
    });
    expect(
      (await t.as(eventOfficer, 'PATCH', `/api/events/${e.id}`, { version: e.version, name: 'cũ' })).statusCode,
    ).toBe(409);
    const bad = await t.as(eventOfficer, 'PATCH', `/api/events/${e.id}`, {
      version: e.version + 1,
      staffing: [{ unitId: unit['CA-00070'], date: '2026-06-12', shift: 's1', staff: 1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('body.staffing.0.date');
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', e.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['event.created', 'event.updated']);

    const templates = (await t.as(hoanKiemOfficer, 'GET', '/api/events/templates')).json();
    expect(templates.items.map((x: { type: string }) => x.type)).toEqual([
      'political_meeting',
      'diplomatic_visit',
      'cultural_sports',
      'religious_festival',
      'mass_gathering',
      'other',
    ]);
    const venues = (await t.as(hoanKiemOfficer, 'GET', '/api/events/venues?date=2026-03-10')).json();
    const located = venues.items.filter((v: { areaCode: string | null }) => v.areaCode);
    expect(located.length).toBeGreaterThan(20);
    expect(venues.items.find((v: { key: string }) => v.key === 'ho-hoan-kiem')).toMatchObject({
      areaCode: '00070',
      areaFullName: 'Phường Hoàn Kiếm',
    });
  });

  it('should clone a past event to a new date with its plan moved', async () => {
    const src = await create(eventOfficer, {
      ...hoanKiemEvent({
        name: 'Đêm nhạc 2026',
        startsAt: '2026-04-30T19:00:00+07:00',
        endsAt: '2026-04-30T22:00:00+07:00',
      }),
      fromTemplate: true,
    });
    const res = await t.as(eventOfficer, 'POST', `/api/events/${src.id}/clone`, {
      name: 'Đêm nhạc 2027',
      startsAt: '2027-04-30T19:00:00+07:00',
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'draft',
      clonedFrom: src.id,
      endsAt: '2027-04-30T15:00:00.000Z',
      name: 'Đêm nhạc 2027',
    });
    expect(c.staffing.map((s: { date: string }) => s.date)).toEqual(src.staffing.map(() => '2027-04-30'));
    expect(c.tasks.length).toBe(src.tasks.length);
    expect(c.posts.length).toBe(src.posts.length);
  });

  it('should count "bảo vệ tuyệt đối an toàn N sự kiện" as the closed events without linked incidents', async () => {
    // A few more closed events: this year safe ones and last year's (2025-09, after the reform) for the comparison.
    const closeSafe = async (over: Record<string, unknown>) => {
      const e = await create(commander, hoanKiemEvent(over));
      let cur = (await move(commander, e, { to: 'planned' })).json();
      cur = (await move(commander, cur, { to: 'approved' })).json();
      cur = (await move(commander, cur, { to: 'active' })).json();
      const r = await move(commander, cur, { to: 'closed', outcome: 'safe' });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    await closeSafe({ name: 'Giải chạy', startsAt: '2026-01-04T06:00:00+07:00', endsAt: '2026-01-04T10:00:00+07:00' });
    await closeSafe({
      name: 'Lễ hội hoa',
      type: 'religious_festival',
      startsAt: '2026-02-20T08:00:00+07:00',
      endsAt: '2026-02-21T20:00:00+07:00',
    });
    await closeSafe({
      name: 'Quốc khánh 2025',
      level: 'especially_important',
      startsAt: '2025-09-02T06:00:00+07:00',
      endsAt: '2025-09-02T12:00:00+07:00',
    });

    const res = await t.as(commander, 'GET', '/api/events/stats?period=year&date=2026-03-10&breakdown=type');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const expected = await sql<{ protected: number; safe: number }>`
      select count(*)::int as protected,
        count(*) filter (where not exists (select 1 from event_incident i where i.event_id = e.id))::int as safe
      from event e where e.status = 'closed' and e.starts_on between '2026-01-01' and '2026-12-31'`.execute(
      t.database.db,
    );
    expect(s.current.protected).toBe(Number(expected.rows[0]!.protected));
    expect(s.current.safe).toBe(Number(expected.rows[0]!.safe));
    expect(s.current).toEqual({ protected: 3, safe: 2, safeShare: 66.7 });
    expect(s.headline.vi).toBe('Bảo vệ tuyệt đối an toàn 2 sự kiện');
    // Like for like: the year runs, so 01/01–10/03/2026 against 01/01–10/03/2025 — not against the whole of 2025
    // (Quốc khánh 2025 falls after 10/03 and is not compared with a year that has not reached September).
    expect(s.ranges).toEqual({
      asOf: '2026-03-10',
      running: true,
      current: { start: '2026-01-01', end: '2026-03-10' },
      comparison: { start: '2025-01-01', end: '2025-03-10' },
      wording: { vi: '01/01 – 10/03/2026 so với 01/01 – 10/03/2025', en: '01/01 – 10/03/2026 against 01/01 – 10/03/2025' },
    });
    expect(s.comparison).toMatchObject({ protected: 0, safe: 0 });
    expect(s.change).toMatchObject({ absolute: 3, percent: null });
    expect(s.change.phrase.vi).toContain('tăng 3 sự kiện');
    // The year 2025 has ended: whole with whole, Quốc khánh counted.
    const y2025 = (await t.as(commander, 'GET', '/api/events/stats?period=year&date=2025-09-02')).json();
    expect(y2025.ranges).toMatchObject({ running: false, current: { start: '2025-01-01', end: '2025-12-31' }, comparison: { start: '2024-01-01', end: '2024-12-31' } });
    expect(y2025.current).toMatchObject({ protected: 1, safe: 1 });
    const types = Object.fromEntries(
      s.rows.map((r: { key: string; protected: number; safe: number }) => [r.key, [r.protected, r.safe]]),
    );
    expect(types).toEqual({ cultural_sports: [2, 1], religious_festival: [1, 1] });
    expect(s.rows.find((r: { key: string }) => r.key === 'cultural_sports').label).toBe('Sự kiện văn hóa, thể thao');

    // A ward sees its own events only (Ba Đình has none closed).
    const bd = (await t.as(baDinhOfficer, 'GET', '/api/events/stats?period=year&date=2026-03-10')).json();
    expect(bd).toMatchObject({ scoped: true, current: { protected: 0, safe: 0, safeShare: null } });
    const bad = await t.as(commander, 'GET', '/api/events/stats?period=custom&from=2026-05-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('query.from');

    // The same figures through the statistics endpoint (dashboard tiles, targets): protected, safe, safe share.
    const stat = async (who: typeof commander, qs: string) => {
      const r = await t.as(who, 'GET', `/api/stats?period=year&date=2026-03-10&${qs}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const prot = await stat(commander, 'metric=events_protected&breakdown=event_type');
    expect(prot.value).toMatchObject({ current: 3, comparison: 0 });
    expect(prot.value.change).toMatchObject({ absolute: 3, percent: null });
    expect(prot.ranges).toEqual(s.ranges);
    expect(Object.fromEntries(prot.rows.map((r: { key: string; current: number }) => [r.key, r.current]))).toEqual({
      cultural_sports: 2,
      religious_festival: 1,
    });
    expect(prot.drill).toBeNull();
    expect(prot.sources).toEqual(['event']);
    expect((await stat(commander, 'metric=events_safe')).value.current).toBe(2);
    const share = await stat(commander, 'metric=events_safe_share&breakdown=month&comparison=none');
    expect(share.value.parts.current).toEqual({ num: 2, den: 3 });
    expect(share.value.current).toBeCloseTo(66.667, 2);
    expect(share.rows.map((r: { key: string }) => r.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect((await stat(commander, 'metric=events_protected&breakdown=event_level')).rows.length).toBeGreaterThan(0);
    expect((await stat(baDinhOfficer, 'metric=events_protected')).value).toMatchObject({ current: 0 });
    // Event metrics have their own breakdowns; incident metrics do not take them.
    for (const qs of [
      'metric=events_protected&breakdown=area',
      'metric=events_safe&category=173',
      'metric=crime_cases&breakdown=event_type',
    ]) {
      const r = await t.as(commander, 'GET', `/api/stats?${qs}`);
      expect(r.statusCode, qs).toBe(400);
    }
  });
  it("should show a ward only its own and the city-wide units' strengths, and count another ward's event in a conflict without naming it", async () => {
    const set = async (code: string, strength: number) =>
      expect((await t.as(commander, 'PUT', '/api/events/strength', { unitId: unit[code], from: '2026-01-01', to: null, strength })).statusCode).toBe(200);
    await set('CA-00004', 10);
    await set('PC08', 200);
    const mine = (await t.as(hoanKiemOfficer, 'GET', '/api/events/strength')).json().items.map((i: { unitId: string }) => i.unitId);
    expect(mine).toContain(unit.PC08);
    expect(mine).not.toContain(unit['CA-00004']);
    // Asked for by id, another ward's strength answers as a unit without one.
    expect((await t.as(hoanKiemOfficer, 'GET', `/api/events/strength?unitId=${unit['CA-00004']}`)).json().items).toEqual([]);
    expect((await t.as(baDinhOfficer, 'GET', '/api/events/strength')).json().items.map((i: { unitId: string }) => i.unitId)).toContain(unit['CA-00004']);

    const day = { startsAt: '2026-08-20T08:00:00+07:00', endsAt: '2026-08-20T11:00:00+07:00' };
    const theirs = await create(commander, baDinhEvent({ name: 'Lễ kỷ niệm riêng Ba Đình', ...day, venueName: 'Quảng trường Ba Đình', staffing: [{ unitId: unit.PC08, date: '2026-08-20', shift: 's1', staff: 150 }] }));
    expect((await move(commander, theirs, { to: 'planned' })).statusCode).toBe(200);
    const ask = { ...day, venueName: 'Quảng trường Ba Đình', point: null, staffing: [{ unitId: unit.PC08, date: '2026-08-20', shift: 's1', staff: 100 }] };
    const seen = await t.as(hoanKiemOfficer, 'POST', '/api/events/conflicts', ask);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.body).not.toContain(theirs.id);
    expect(seen.body).not.toContain('Lễ kỷ niệm riêng Ba Đình');
    expect(seen.json().conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'unit_over_strength', unitId: unit.PC08, committed: 250, strength: 200, eventIds: [] }),
        { kind: 'venue_overlap', vi: expect.stringContaining('ngoài phạm vi'), en: 'Same venue at the same time as an event outside your scope' },
      ]),
    );
    // The commander sees everything and is told which event.
    const full = (await t.as(commander, 'POST', '/api/events/conflicts', ask)).json().conflicts;
    expect(full).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'venue_overlap', eventId: theirs.id })]));
    // Another ward's event as the one being changed answers as an unknown one.
    const foreign = await t.as(hoanKiemOfficer, 'POST', '/api/events/conflicts', { ...ask, eventId: theirs.id });
    const unknown = await t.as(hoanKiemOfficer, 'POST', '/api/events/conflicts', { ...ask, eventId: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields).toEqual(unknown.json().error.fields);
  });
});
