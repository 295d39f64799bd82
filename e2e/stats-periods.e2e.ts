import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, WEBGL_ARGS, signIn as signInAs } from './support/browser';
import { startServer } from './support/server';
import { fetchStats } from './support/stats';

/**
 * Like-for-like periods on the dashboard, with the server's clock fixed at 03/12/2026 09:00 (BINHAN_CLOCK): the
 * running reporting month is counted to that day and compared with the same days a year earlier; a past
 * reporting month whole with whole.
 */

let server: { url: string; stop(): Promise<void>; output(): string };
let browser: Browser;

async function signIn(username: string): Promise<Page> {
  return (await signInAs(browser, server.url, username)).page;
}

/** Waits until every tile has answered and states `wording`, and returns the tiles' metrics. */
async function tilesStating(page: Page, wording: string): Promise<string[]> {
  await page.waitForFunction((w) => {
    const tiles = [...document.querySelectorAll('[data-testid^="stat-tile-"][data-current]')];
    return (
      tiles.length > 0 && tiles.every((t) => t.querySelector('[data-testid="stat-tile-ranges"]')?.textContent === w)
    );
  }, wording);
  return page.$$eval('[data-testid^="stat-tile-"][data-current]', (els) =>
    els.map((e) => e.getAttribute('data-testid')!.replace('stat-tile-', '')),
  );
}

describe('statistics periods like for like (clock fixed at 03/12/2026)', () => {
  beforeAll(async () => {
    server = await startServer({ env: { BINHAN_CLOCK: '2026-12-03T09:00:00+07:00' } });
    browser = await launchBrowser(WEBGL_ARGS);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should say loudly that the clock is fixed', () => {
    expect(server.output()).toContain('BINHAN_CLOCK');
  });

  it('should state 15/11 – 03/12/2026 against 15/11 – 03/12/2025 on every tile of the default dashboard', async () => {
    const page = await signIn('lanhdao');
    await page.getByTestId('nav-statistics').click();
    await page.getByTestId('page-statistics').waitFor();
    const wording = '15/11 – 03/12/2026 so với 15/11 – 03/12/2025';
    const metrics = await tilesStating(page, wording);
    expect(metrics.length).toBeGreaterThanOrEqual(6);
    expect(await page.getByTestId('stat-period-ranges').textContent()).toBe(wording);
    for (const m of metrics)
      expect(
        await page.getByTestId(`stat-tile-${m}`).getByTestId('stat-tile-ranges').getAttribute('data-running'),
      ).toBe('true');

    // The server counted exactly those dates, and the tile shows its figures.
    const soc = await fetchStats(page, { metric: 'social_order_crime' });
    expect(soc.ranges).toMatchObject({
      asOf: '2026-12-03',
      running: true,
      current: { start: '2026-11-15', end: '2026-12-03' },
      comparison: { start: '2025-11-15', end: '2025-12-03' },
    });
    expect(soc.period).toMatchObject({ start: '2026-11-15', end: '2026-12-14' });
    const tile = page.getByTestId('stat-tile-social_order_crime');
    expect(await tile.getAttribute('data-current')).toBe(String(soc.value.current));
    expect(await tile.getAttribute('data-comparison')).toBe(String(soc.value.comparison));

    // The trend marks the running month as partial: 01/12 – 03/12/2026 against the same days of 2025.
    const partial = page.getByTestId('stat-trend-partial');
    await partial.waitFor();
    expect(await partial.getAttribute('data-keys')).toBe('2026-12');
    expect(await partial.textContent()).toContain('01/12/2026 – 03/12/2026');
    // Tables state both ranges too.
    await page.getByTestId('stat-unit-table-ranges').waitFor();
    expect(await page.getByTestId('stat-unit-table-ranges').textContent()).toBe(wording);
    await screenshot(page, 'stats-periods-default');
  });

  it('should compare a past reporting month whole with whole', async () => {
    const page = await signIn('lanhdao');
    await page.goto('/statistics?period=report_month&date=2026-10-01');
    await page.getByTestId('page-statistics').waitFor();
    const wording = '15/09 – 14/10/2026 so với 15/09 – 14/10/2025';
    await tilesStating(page, wording);
    expect(
      await page
        .getByTestId('stat-tile-social_order_crime')
        .getByTestId('stat-tile-ranges')
        .getAttribute('data-running'),
    ).toBe('false');
    const soc = await fetchStats(page, { metric: 'social_order_crime', period: 'report_month', date: '2026-10-01' });
    expect(soc.ranges).toMatchObject({
      running: false,
      current: { start: '2026-09-15', end: '2026-10-14' },
      comparison: { start: '2025-09-15', end: '2025-10-14' },
    });
    expect(await page.getByTestId('stat-tile-social_order_crime').getAttribute('data-current')).toBe(
      String(soc.value.current),
    );
    await screenshot(page, 'stats-periods-past-month');
  });
});
