/**
 * Event protection: (1) the conflict check of a new event with five years of demo events (~2,000 a year)
 * in the database — target < 50 ms; (2) a month of the calendar rendered in Chromium — target < 1 s.
 *
 *   npm run bench events                       # PGlite (in memory), the embedded default
 *   node bin/run-ts.mjs bench/events.bench.ts --postgres
 *
 * Loads the reference areas, the demo police units and seedDemoEvents from five years before the
 * reference day. The check runs through the service (the same code as POST /api/events/conflicts) 30
 * times; baseline: `select 1` through the same driver. The calendar: the built web app (`npx vite build`
 * first) served by the app in-process, a commander signed in, the time from a click on "next month" to the
 * month's events drawn (data-count on the calendar), median of 6 months.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/server/app';
import { systemActor } from '../src/server/platform/actor';
import { FixedClock } from '../src/server/platform/clock';
import { loadConfig } from '../src/server/platform/config';
import { migrateToLatest } from '../src/server/platform/db/migrator';
import { seedDemoEvents } from '../src/server/seed/demo-events';
import { freshDatabase } from './support';
import { DEMO_PASSWORD, seedDemoPlatform } from '../src/server/seed/demo-platform';

const ENGINE = process.argv.includes('--postgres') ? 'postgres' : 'pglite';
const NOW = new Date('2026-03-10T03:00:00Z');
const RUNS = 30;

const fresh = () => freshDatabase(ENGINE);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const { database, drop } = await fresh();
try {
  await migrateToLatest(database.db);
  const clock = new FixedClock(NOW);
  const config = loadConfig({}, { logLevel: 'silent', webDistDir: '/nonexistent' });
  const { app, services } = await buildApp({ database, config, clock, logger: false });
  const actor = systemActor('bench');
  let t0 = performance.now();
  await seedDemoPlatform(database.db, services, actor, clock);
  console.log(`areas and units: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const seeded = await seedDemoEvents({ db: database.db, clock, areas: services.areas }, actor, { from: '2021-03-10' });
  const events = (await sql<{ n: number }>`select count(*)::int as n from event`.execute(database.db)).rows[0]!.n;
  const lines = (await sql<{ n: number }>`select count(*)::int as n from event_staffing`.execute(database.db)).rows[0]!
    .n;
  console.log(
    `${ENGINE}: ${events} events (${lines} staffing lines), 2021-03-10 → 2026-05-09, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${seeded.inserted} inserted)`,
  );

  // 1. The conflict check of a new event: a morning at the Opera House, five units on two shifts.
  const units = await database.db
    .selectFrom('unit')
    .select(['id', 'code'])
    .where('code', 'in', ['CA-00070', 'PC08', 'PC06', 'PC07', 'PC02'])
    .execute();
  const proposal = {
    startsAt: '2026-04-30T07:00:00+07:00',
    endsAt: '2026-04-30T20:00:00+07:00',
    venueName: 'Nhà hát Lớn Hà Nội',
    point: { lon: 105.8577, lat: 21.0243 },
    areaCode: '00070',
    leadUnitId: units.find((u) => u.code === 'CA-00070')!.id,
    staffing: units.flatMap((u) =>
      (['s1', 's2'] as const).map((shift) => ({ unitId: u.id, date: '2026-04-30', shift, staff: 40 })),
    ),
  };
  const checks: number[] = [];
  const base: number[] = [];
  let conflicts = 0;
  let against = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const a = performance.now();
    await sql`select 1`.execute(database.db);
    const b = performance.now();
    const r = await services.events.checkConflicts(actor, proposal);
    const c = performance.now();
    if (i >= 3) {
      base.push(b - a);
      checks.push(c - b);
    }
    conflicts = r.conflicts.length;
    against = r.checkedAgainst;
  }
  const cs = stats(checks);
  const bs = stats(base);
  console.log(
    `conflict check: median ${ms(cs.median)}, p95 ${ms(cs.p95)} (target < 50 ms) — ${against} events compared, ${conflicts} conflicts; baseline select 1 ${ms(bs.median)} (×${(cs.median / bs.median).toFixed(1)})`,
  );

  // 2. A month of the calendar in Chromium.
  if (!fs.existsSync('dist/web/index.html')) {
    console.log('calendar: skipped (run `npx vite build` first)');
  } else {
    const uiApp = await buildApp({
      database,
      config: loadConfig({}, { logLevel: 'silent', webDistDir: path.resolve('dist/web') }),
      clock,
      logger: false,
    });
    const address = await uiApp.app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await (
        await browser.newContext({
          baseURL: address,
          viewport: { width: 1440, height: 900 },
          timezoneId: 'Asia/Ho_Chi_Minh',
        })
      ).newPage();
      await page.goto('/login');
      await page.getByTestId('login-username').fill('lanhdao');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('page-home').waitFor();
      let a = performance.now();
      await page.goto('/events?date=2025-01-15');
      await page.locator('[data-testid="event-calendar"][data-count]').waitFor();
      await page.getByTestId('calendar-event').first().waitFor();
      console.log(`calendar, first open (page load, code, data): ${ms(performance.now() - a)}`);
      const times: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < 6; i++) {
        const before = await page.getByTestId('calendar-title').textContent();
        a = performance.now();
        await page.getByLabel(/Sau|Next/).click();
        await page.waitForFunction(
          (t) => document.querySelector('[data-testid="calendar-title"]')?.textContent !== t,
          before,
        );
        await page.waitForFunction(() => {
          const el = document.querySelector('[data-testid="event-calendar"]');
          return (
            el &&
            Number(el.getAttribute('data-count')) > 0 &&
            document.querySelectorAll('[data-testid="calendar-event"]').length > 0
          );
        });
        times.push(performance.now() - a);
        counts.push(Number(await page.getByTestId('event-calendar').getAttribute('data-count')));
      }
      const ts = stats(times);
      console.log(
        `calendar month (click → events drawn): median ${ms(ts.median)}, max ${ms(Math.max(...times))} (target < 1 s); events per month shown: ${counts.join(', ')}`,
      );
    } finally {
      await browser.close();
      await uiApp.app.close();
    }
  }
  await app.close();
} finally {
  await drop();
}
