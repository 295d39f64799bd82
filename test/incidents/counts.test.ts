import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/dates';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';
import { insertPlanted, plantedIncident } from '../support/incidents';
import { prng } from '../stats/generate';

// TEST_NOW is 2026-03-10T03:00Z = 10:00 in Hanoi: "today" is 2026-03-10.
const TODAY = '2026-03-10';
const SOON_END = addDays(TODAY, 5);

interface Planted {
  id: string;
  unitId: string;
  areaCode: string;
  kind: string;
  resolutionDue: string | null;
  decidedOn: string | null;
  occurredAt: Date;
}

/**
 * Counts that are not hidden (issue 12 item 5): the home page's overdue and due-soon counts and the list's
 * total equal plain SQL counts over the stated rule, for a ward officer and a city commander, and the list
 * pages through exactly that many rows, most days overdue first.
 */
describe(`incident counts (${ENGINE})`, () => {
  let t: TestContext;
  let ward: Session; // canbo: Hoàn Kiếm ward police (CA-00070)
  let city: Session; // lanhdao: the city command
  const ids: Record<string, string> = {};
  const planted: Planted[] = [];

  /** The stated rule in plain SQL: open crime reports due before today / from today to today + 5. */
  async function sqlCounts(visible: string): Promise<{ overdue: number; dueSoon: number; all: number }> {
    const r = await sql<{ overdue: number; soon: number; all: number }>`
      select count(*) filter (where kind = 'crime_report' and decided_on is null and resolution_due < ${TODAY}) as overdue,
             count(*) filter (where kind = 'crime_report' and decided_on is null and resolution_due >= ${TODAY} and resolution_due <= ${SOON_END}) as soon,
             count(*) as all
      from incident where ${sql.raw(visible)}`.execute(t.database.db);
    const row = r.rows[0]!;
    return { overdue: Number(row.overdue), dueSoon: Number(row.soon), all: Number(row.all) };
  }
  // The ward sees what its unit handles and what happened in its commune (Phường Hoàn Kiếm, 00070, since 2025-07-01).
  const wardVisible = () => `(unit_id = '${ids.hk}' or area_code = '00070')`;

  /** Every row of a list query, following nextCursor. */
  async function allRows(session: Session, query: string) {
    const rows: {
      id: string;
      kind: string;
      resolutionDue: string | null;
      daysLeft: number | null;
      overdue: boolean;
      occurredAt: string;
    }[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await t.as(session, 'GET', `/api/incidents?${query}&limit=37${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      rows.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return rows;
    }
    throw new Error('the list did not end');
  }

  beforeAll(async () => {
    t = await createTestContext({ listExactCountUpTo: 40 }, { demo: 'full' });
    ward = await t.login('canbo');
    city = await t.login('lanhdao');
    const unit = async (code: string) =>
      (await t.database.db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    ids.hk = await unit('CA-00070');
    ids.bd = await unit('CA-00004');
    ids.dept = await unit('PV01');
    const areaOf = async (code: string) =>
      (
        await t.database.db
          .selectFrom('area')
          .select(['code', 'validFrom'])
          .where('code', '=', code)
          .orderBy('validFrom', 'desc')
          .executeTakeFirstOrThrow()
      ).validFrom;
    const hkFrom = await areaOf('00070');
    const bdFrom = await areaOf('00004');
    // Hoàn Kiếm's reports (its own unit, and a city department in its commune) and Ba Đình's; due dates from
    // 40 days overdue to 20 days ahead; some decided (their due date kept, to prove the rule ignores it),
    // some suspended (no due date), and other kinds.
    const rnd = prng(12);
    const rows: Record<string, unknown>[] = [];
    const wheres = [
      { unitId: ids.hk, areaCode: '00070', areaValidFrom: hkFrom },
      { unitId: ids.dept, areaCode: '00070', areaValidFrom: hkFrom },
      { unitId: ids.bd, areaCode: '00004', areaValidFrom: bdFrom },
    ];
    for (let i = 0; i < 260; i++) {
      const w = rnd.pick(wheres);
      const day = addDays('2026-01-01', rnd.int(0, 60));
      const kind = rnd.next() < 0.8 ? 'crime_report' : rnd.pick(['fire', 'criminal_case', 'traffic_accident']);
      const state = rnd.next();
      const due = kind === 'crime_report' && state > 0.1 ? addDays(TODAY, rnd.int(-40, 20)) : null;
      const decidedOn = kind === 'crime_report' && state > 0.75 ? addDays(day, rnd.int(1, 20)) : null;
      const row = plantedIncident({
        refNo: `TB-T-${String(i).padStart(4, '0')}`,
        ...w,
        day,
        time: `${String(rnd.int(0, 23)).padStart(2, '0')}:${String(rnd.int(0, 59)).padStart(2, '0')}`,
        kind,
      });
      Object.assign(row, { resolutionDue: due, decidedOn, status: decidedOn ? 'no_case' : 'received' });
      rows.push(row);
      planted.push({
        id: row.id as string,
        unitId: w.unitId,
        areaCode: w.areaCode,
        kind,
        resolutionDue: due,
        decidedOn,
        occurredAt: row.occurredAt as Date,
      });
    }
    await insertPlanted(t.database.db, rows);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should count overdue and due-soon reports exactly as plain SQL does, for a ward officer and a city commander', async () => {
    for (const [session, visible] of [
      [ward, wardVisible()],
      [city, 'true'],
    ] as const) {
      const expected = await sqlCounts(visible);
      const res = await t.as(session, 'GET', '/api/incidents/due-counts');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ asOf: TODAY, dueSoonDays: 5 });
      expect(body.overdue.count, session.username).toBe(expected.overdue);
      expect(body.dueSoon.count, session.username).toBe(expected.dueSoon);
      expect(body.overdue.listQuery).toBe('kind=crime_report&overdue=true&sort=due');
      expect(body.dueSoon.listQuery).toBe('kind=crime_report&dueWithinDays=5&sort=due');
      // Hidden no more: well above the old cap of 50 for the city, and non-trivial for the ward.
      expect(expected.overdue).toBeGreaterThan(50);
      expect(expected.dueSoon).toBeGreaterThan(5);
    }
    // The ward's figures are its own, not the city's.
    expect((await sqlCounts(wardVisible())).overdue).toBeLessThan((await sqlCounts('true')).overdue);
  });

  it('should give each home count as the total of the list it links to, most days overdue first', async () => {
    for (const session of [ward, city]) {
      const counts = (await t.as(session, 'GET', '/api/incidents/due-counts')).json();
      for (const key of ['overdue', 'dueSoon'] as const) {
        const rows = await allRows(session, counts[key].listQuery);
        expect(rows.length, `${session.username} ${key}`).toBe(counts[key].count);
        expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
        const dues = rows.map((r) => r.resolutionDue!);
        expect(dues).toEqual([...dues].sort());
        if (key === 'overdue') {
          expect(rows.every((r) => r.overdue && r.daysLeft! < 0)).toBe(true);
          // Days overdue never grows down the list.
          for (let i = 1; i < rows.length; i++)
            expect(-rows[i]!.daysLeft!).toBeLessThanOrEqual(-rows[i - 1]!.daysLeft!);
        } else expect(rows.every((r) => !r.overdue && r.daysLeft! >= 0 && r.daysLeft! <= 5)).toBe(true);
      }
    }
  });

  it('should sort the whole list by deadline: open reports by due date first, then every other row newest first', async () => {
    const expected = await sqlCounts(wardVisible());
    const rows = await allRows(ward, 'sort=due');
    expect(rows.length).toBe(expected.all);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const visible = planted.filter((p) => p.unitId === ids.hk || p.areaCode === '00070');
    const open = visible.filter((p) => p.kind === 'crime_report' && !p.decidedOn && p.resolutionDue);
    const head = rows.slice(0, open.length);
    const tail = rows.slice(open.length);
    expect(head.map((r) => r.id).sort()).toEqual(open.map((p) => p.id).sort());
    const dues = head.map((r) => r.resolutionDue!);
    expect(dues).toEqual([...dues].sort());
    expect(head[0]!.overdue).toBe(true);
    const times = tail.map((r) => r.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    // The default order is unchanged: newest first over the same rows.
    const newest = await allRows(ward, 'sort=newest');
    expect(newest.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("should give the list's total exactly up to the bound, an estimate above it, and the exact count on demand", async () => {
    const wardAll = await sqlCounts(wardVisible());
    const cityAll = await sqlCounts('true');
    // Up to the bound (40): exact. The ward's reports due soon.
    expect(wardAll.dueSoon).toBeLessThanOrEqual(40);
    const small = (await t.as(ward, 'GET', '/api/incidents/count?kind=crime_report&dueWithinDays=5')).json();
    expect(small).toEqual({ count: wardAll.dueSoon, exact: true, exactUpTo: 40, asOf: TODAY });
    // Above the bound: an estimate, marked so and never below the bound.
    for (const [session, expected] of [
      [ward, wardAll.all],
      [city, cityAll.all],
    ] as const) {
      const est = (await t.as(session, 'GET', '/api/incidents/count')).json();
      expect(est.exact).toBe(false);
      expect(est.count).toBeGreaterThan(40);
      const exact = (await t.as(session, 'GET', '/api/incidents/count?exact=true')).json();
      expect(exact).toEqual({ count: expected, exact: true, exactUpTo: 40, asOf: TODAY });
    }
    // Filters apply to the count as to the list: Ba Đình's unit seen by the city.
    const bd = planted.filter((p) => p.unitId === ids.bd).length;
    expect((await t.as(city, 'GET', `/api/incidents/count?unitId=${ids.bd}&exact=true`)).json().count).toBe(bd);
    // …and the ward sees none of them (out of scope answers like nothing).
    expect((await t.as(ward, 'GET', `/api/incidents/count?unitId=${ids.bd}`)).json()).toMatchObject({
      count: 0,
      exact: true,
    });
  });

  it('should refuse bad input naming the field, and answer 401 without a session', async () => {
    for (const [query, path] of [
      ['exact=maybe', 'query.exact'],
      ['dueWithinDays=61', 'query.dueWithinDays'],
      ['from=2026-02-30', 'query.from'],
    ] as const) {
      const res = await t.as(ward, 'GET', `/api/incidents/count?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
    const badSort = await t.as(ward, 'GET', '/api/incidents?sort=oldest');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.fields[0].path).toBe('query.sort');
    const badCursor = await t.as(
      ward,
      'GET',
      `/api/incidents?sort=due&cursor=${Buffer.from('due|2026-13-99|x').toString('base64url')}`,
    );
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.fields[0].path).toBe('query.cursor');
    expect((await t.as(null, 'GET', '/api/incidents/due-counts')).statusCode).toBe(401);
    expect((await t.as(null, 'GET', '/api/incidents/count')).statusCode).toBe(401);
  });
});
