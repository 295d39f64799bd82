import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TStatResult } from '../src/contracts/stats';
import { launchBrowser, screenshot, WEBGL_ARGS, signIn as signInAs } from './support/browser';
import { startServer } from './support/server';
import { fetchStats } from './support/stats';

/**
 * The dashboard for a period across the reform of 2025-07-01 (issue 12, items 3 and 4): the reporting month
 * 15/07–14/08/2025 against 15/07–14/08/2024, when Hanoi had 579 communes and district police. The area and unit
 * tables must show today's communes and stations only, last year placed on them, approximate rows flagged
 * without significance, rates with their counts and interval, and units with too few cases apart.
 */

let server: { url: string; stop(): Promise<void> };
let browser: Browser;

async function signIn(username: string): Promise<Page> {
  // The machine is shared with other test runs: waits on conditions get more time than the default 15 s.
  return (await signInAs(browser, server.url, username, { timeout: 90_000 })).page;
}

/** Waits until a table has rows and no spinner, and returns the rows' attributes. */
async function tableRows(page: Page, testId: string, rowTestId = 'stat-row') {
  await page.waitForFunction(
    ([t, r]) => {
      const card = document.querySelector(`[data-testid="${t}"]`);
      return (
        !!card && !card.querySelector('.ant-spin-spinning') && card.querySelectorAll(`[data-testid="${r}"]`).length > 0
      );
    },
    [testId, rowTestId] as const,
  );
  return page
    .getByTestId(testId)
    .getByTestId(rowTestId)
    .evaluateAll((rows) =>
      rows.map((r) => ({
        key: r.getAttribute('data-key')!,
        reform: r.getAttribute('data-reform')!,
        text: r.textContent ?? '',
        noSignificance: r.querySelector('[data-testid="stat-row-no-significance"]') !== null,
        significance: r.querySelector('[data-significance]')?.getAttribute('data-significance') ?? null,
        tag: r.querySelector('[data-testid="stat-row-approximate"]')?.getAttribute('data-status') ?? null,
        fraction: r.querySelector('[data-testid="stat-row-fraction"]')?.textContent ?? null,
        interval: r.querySelector('[data-testid="stat-row-interval"]')?.textContent ?? null,
      })),
    );
}

describe('statistics across the 2025 reform', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(WEBGL_ARGS);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should compare a month after the reform on today’s communes and stations, flagging approximate rows', async () => {
    const page = await signIn('lanhdao');
    const q = { metric: 'incidents', period: 'report_month', date: '2025-08-10' };
    await page.goto(`/statistics?${new URLSearchParams(q)}`);
    await page.getByTestId('page-statistics').waitFor();
    expect(await page.getByTestId('page-statistics').getAttribute('data-period-start')).toBe('2025-07-15');

    const api = await fetchStats(page, { ...q, breakdown: 'area', limit: '5000' });
    expect(api.comparisonPeriod).toMatchObject({ start: '2024-07-15', end: '2024-08-14' });
    expect(api.reform).toMatchObject({ kind: 'area', targetDate: '2025-08-14' });
    // Totals kept: the rows (and the few cases of communes the lists cannot link) add up to the figures.
    const sum = (f: (r: TStatResult['rows'][number]) => number | null) => api.rows.reduce((s, r) => s + (f(r) ?? 0), 0);
    expect(sum((r) => r.current)).toBe(api.value.current);
    expect(sum((r) => r.comparison) + api.reform!.methods.comparison.unresolved).toBe(api.value.comparison);
    // No row against a zero made by the reform claims significance.
    for (const r of api.rows)
      if (r.comparison === 0 && (r.current ?? 0) > 0 && r.reform?.status !== 'exact')
        expect(r.change?.label ?? null).toBeNull();

    const rows = await tableRows(page, 'stat-area-table');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      // Today's communes only (valid from 2025-07-01): no 2024 commune left with nothing this year.
      expect(r.key.endsWith('@2025-07-01'), r.key).toBe(true);
      if (r.reform === 'approximate') {
        expect(r.tag).toBe('approximate');
        expect(r.noSignificance).toBe(true);
        expect(r.significance).toBeNull();
      }
    }
    const note = page.getByTestId('stat-area-table').getByTestId('stat-reform-note');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      'Số liệu cùng kỳ được quy đổi sang địa bàn xã, phường hiện hành (ngày 14/08/2025)',
    );
    await page.getByTestId('stat-area-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'stats-reform-areas');

    const units = await tableRows(page, 'stat-unit-table');
    const unitApi = await fetchStats(page, { ...q, breakdown: 'unit', limit: '1000' });
    expect(unitApi.reform).toMatchObject({ kind: 'unit' });
    expect(units.length).toBeGreaterThan(0);
    for (const r of units) if (r.reform === 'approximate') expect(r.noSignificance).toBe(true);
    await page.getByTestId('stat-unit-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'stats-reform-units');
  }, 240_000);

  it('should show each rate with its counts and interval, and the stations with too few cases apart', async () => {
    const page = await signIn('lanhdao');
    // The reporting year across the reform: at the demo's small scale most stations still have fewer than 10 cases.
    const q = { metric: 'clearance_rate', period: 'report_year', date: '2025-08-10' };
    await page.goto(`/statistics?${new URLSearchParams(q)}`);
    const api = await fetchStats(page, { ...q, breakdown: 'unit', limit: '1000' });
    const few = api.rows.filter((r) => r.tooFewCases);
    const ranked = api.rows.filter((r) => !r.tooFewCases);
    expect(few.length).toBeGreaterThan(0);
    // The ranked rows come first in the answer; each rate has its counts and Wilson interval.
    expect(api.rows.slice(0, ranked.length)).toEqual(ranked);
    for (const r of api.rows) if (r.parts!.current.den > 0) expect(r.interval).toBeTruthy();
    for (const r of few) expect(r.parts!.current.den).toBeLessThan(10);
    for (const r of ranked) expect(r.parts!.current.den).toBeGreaterThanOrEqual(10);

    const group = page.getByTestId('stat-unit-table-too-few');
    await group.waitFor();
    expect(Number(await group.getAttribute('data-rows'))).toBe(few.length);
    expect(await group.textContent()).toContain('Ít hơn 10 vụ: không xếp hạng');
    const shown = [
      ...(ranked.length ? await tableRows(page, 'stat-unit-table') : []),
      ...(await tableRows(page, 'stat-unit-table', 'stat-row-too-few')),
    ];
    expect(shown.length).toBe(Math.min(10, ranked.length) + Math.min(10, few.length));
    for (const r of shown) {
      const row = api.rows.find((x) => x.key === r.key)!;
      if (row.parts!.current.den === 0) continue;
      // "12/14 vụ" as the API counts it, and the interval beside it.
      expect(r.fraction).toBe(`${row.parts!.current.num}/${row.parts!.current.den} vụ`);
      expect(r.interval).toMatch(/^\d+(,\d)?–\d+(,\d)?%$/);
    }
    await group.scrollIntoViewIfNeeded();
    await screenshot(page, 'stats-reform-too-few');
  }, 240_000);
});
