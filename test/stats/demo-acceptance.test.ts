import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TStatResult } from '../../src/contracts/stats';
import { systemActor } from '../../src/server/platform/actor';
import { seedDemoIncidents } from '../../src/server/seed/demo-incidents';
import { createTestContext, type Session, type TestContext } from '../support/app';
import { ENGINE } from '../support/db';

/**
 * The year-end conference figure on the demo data: social-order crime in reporting year 2024
 * (15/12/2023–14/12/2024) against reporting year 2023, read through the statistics API as a commander
 * sees it. The demo seed is narrowed to criminal cases from December 2022 (the records of a day do not
 * depend on where the run starts, so the counts are those of the full demo).
 */
describe(`demo data through the statistics API (${ENGINE})`, () => {
  let t: TestContext;
  let commander: Session;

  beforeAll(async () => {
    t = await createTestContext({}, { demo: 'full' });
    commander = await t.login('lanhdao');
    const r = await seedDemoIncidents(
      { db: t.database.db, clock: t.clock, config: t.config, areas: t.services.areas },
      systemActor('seed'),
      { from: '2022-12-01', kinds: ['criminal_case'] },
    );
    expect(r.byKind).toEqual({ criminal_case: r.inserted });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reads "giảm 17,1% so với cùng kỳ" for social-order crime, reporting year 2024 vs 2023, with its z value', async () => {
    const res = await t.as(
      commander,
      'GET',
      '/api/stats?metric=social_order_crime&period=report_year&date=2024-06-30&comparison=same_period',
    );
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as TStatResult;
    expect(s.period).toMatchObject({ start: '2023-12-15', end: '2024-12-14' });
    expect(s.comparisonPeriod).toMatchObject({ start: '2022-12-15', end: '2023-12-14' });
    // The calibration of the demo generator (src/domain/demo): 2,914 → 2,416 at scale 1.
    expect(s.value.current).toBe(2416);
    expect(s.value.comparison).toBe(2914);
    const change = s.value.change!;
    expect(change.percent).toBeCloseTo(-17.09, 2);
    expect(change.phrase.vi).toBe('giảm 17,1% so với cùng kỳ');
    expect(change.phrase.en).toBe('down 17.1% on the same period last year');
    // Poisson test z = 2(√C − √P) ≈ −9,66: far beyond normal variation.
    expect(change.z).toBeCloseTo(2 * (Math.sqrt(2416) - Math.sqrt(2914)), 6);
    expect(change.label).toBe('significant');
  });

  it('agrees with the raw incidents and with the clearance target', async () => {
    const raw = await t.database.db
      .selectFrom('incident')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('id').filterWhere('cleared', '=', true).as('cleared')])
      .where('kind', '=', 'criminal_case')
      .where('occurredOn', '>=', '2023-12-15')
      .where('occurredOn', '<=', '2024-12-14')
      .executeTakeFirstOrThrow();
    const res = await t.as(commander, 'GET', '/api/stats?metric=clearance_rate&period=report_year&date=2024-06-30');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as TStatResult;
    expect(s.value.parts!.current).toEqual({ num: Number(raw.cleared), den: Number(raw.n) });
    // The demo is calibrated above the National Assembly's 75% (Resolution 96/2019).
    expect(s.value.current!).toBeGreaterThan(75);
    expect(s.target).toMatchObject({ op: '>', value: 75, met: true });
  });
});
