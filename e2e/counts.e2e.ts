import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn as signInAs } from './support/browser';
import { startServer } from './support/server';

// Totals above this are estimated until the user asks for the exact count (the demo's whole registry is above it).
const EXACT_UP_TO = 1000;
// Each journey signs in and loads lists on a shared 2-core machine: generous, as the other journeys are.
const TEST_MS = 240_000;

let server: { url: string; stop(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signIn(username: string): Promise<Page> {
  const { context, page } = await signInAs(browser, server.url, username);
  contexts.push(context);
  return page;
}

/** The number a test id carries in data-count, once it is there. */
async function countOf(page: Page, testId: string): Promise<number> {
  const el = page.getByTestId(testId);
  await expect.poll(async () => el.getAttribute('data-count'), { timeout: 30_000 }).toMatch(/^\d+$/);
  return Number(await el.getAttribute('data-count'));
}

/** Vietnamese digits grouping: 1872 → "1.872". */
const vi = (n: number) => n.toLocaleString('de-DE');

/** The list's total once the list is loaded for the current URL. */
async function listTotal(page: Page): Promise<{ count: number; exact: boolean; text: string }> {
  await page.getByTestId('incident-table').waitFor();
  const count = await countOf(page, 'incident-total');
  const total = page.getByTestId('incident-total');
  return { count, exact: (await total.getAttribute('data-exact')) === 'true', text: (await total.textContent()) ?? '' };
}

/** Presses "Xem thêm" until the list has every row; returns how many rows it shows. */
async function loadAll(page: Page): Promise<number> {
  const more = page.getByTestId('incident-load-more');
  for (let i = 0; i < 50 && (await more.count()) > 0; i++) {
    const before = Number(await page.getByTestId('incident-shown').getAttribute('data-count'));
    await more.click();
    await expect
      .poll(async () => Number(await page.getByTestId('incident-shown').getAttribute('data-count')))
      .toBeGreaterThan(before);
  }
  expect(await more.count()).toBe(0);
  return Number(await page.getByTestId('incident-shown').getAttribute('data-count'));
}

/** Days overdue of each shown row, in order (positive; the deadline column says "quá hạn N ngày"). */
async function daysOverdue(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('incident-days-left').allTextContents();
  // Vietnamese digit grouping: "quá hạn 2.488 ngày".
  return texts.map((t) => Number((/quá hạn ([\d.]+) ngày/.exec(t)?.[1] ?? 'NaN').replace(/\./g, '')));
}

describe('counts that are not hidden', () => {
  beforeAll(async () => {
    server = await startServer({ env: { LIST_EXACT_COUNT_UP_TO: String(EXACT_UP_TO) } });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  let cityOverdue = 0;

  it(
    "should show the city's exact overdue count on the home page, equal to the total of the list it opens",
    async () => {
      const page = await signIn('lanhdao');
      const overdue = await countOf(page, 'home-overdue');
      const dueSoon = await countOf(page, 'home-due-soon');
      cityOverdue = overdue;
      expect(overdue).toBeGreaterThan(0);
      expect(overdue).toBeLessThanOrEqual(EXACT_UP_TO);
      // The number itself, never "50+".
      await expect.poll(async () => page.getByTestId('home-overdue').textContent()).toContain(vi(overdue));
      expect(await page.getByTestId('home-incidents-due').textContent()).not.toContain('+');
      await expect
        .poll(async () => page.getByTestId('home-incidents-due').textContent())
        .toMatch(/Tính đến ngày \d{2}\/\d{2}\/\d{4}/);
      await screenshot(page, 'counts-home-city');

      await page.getByTestId('home-overdue').click();
      await page.waitForURL(/\/incidents\?.*overdue=true.*sort=due/);
      const total = await listTotal(page);
      expect(total).toMatchObject({ count: overdue, exact: true });
      expect(total.text).toContain(`Tổng số: ${vi(overdue)} vụ việc`);
      expect(await page.getByTestId('incident-sort').textContent()).toContain('Quá hạn lâu nhất trước');
      // Most days overdue first, every row overdue.
      const days = await daysOverdue(page);
      expect(days.length).toBeGreaterThan(0);
      expect(days.every((d) => d > 0)).toBe(true);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      await screenshot(page, 'counts-overdue-list');
      // Paging through the list gives exactly that many rows.
      expect(await loadAll(page)).toBe(overdue);

      // Due soon: the same equality.
      await page.goto('/');
      await page.getByTestId('home-due-soon').click();
      await page.waitForURL(/dueWithinDays=5/);
      expect(await listTotal(page)).toMatchObject({ count: dueSoon, exact: true });
    },
    TEST_MS,
  );

  it(
    'should fit reference, kind, status and deadline at 1440 px without horizontal scrolling',
    async () => {
      const page = await signIn('lanhdao');
      await page.goto('/incidents?kind=crime_report&sort=due');
      await listTotal(page);
      await page.getByTestId('incident-days-left').first().waitFor();
      const m = await page.evaluate(() => {
        const doc = document.documentElement;
        const table = document.querySelector('[data-testid="incident-table"]');
        const boxes = [
          ...(table?.querySelectorAll('.ant-table-content, .ant-table-body, .ant-table-container') ?? []),
        ] as HTMLElement[];
        const heads = [...(table?.querySelectorAll('thead th') ?? [])].map((th) => {
          const r = th.getBoundingClientRect();
          return { text: th.textContent ?? '', left: r.left, right: r.right };
        });
        return {
          page: { scroll: doc.scrollWidth, client: doc.clientWidth },
          boxes: boxes.map((b) => ({ scroll: b.scrollWidth, client: b.clientWidth })),
          heads,
          viewport: window.innerWidth,
        };
      });
      expect(m.viewport).toBe(1440);
      expect(m.page.scroll).toBeLessThanOrEqual(m.page.client);
      expect(m.boxes.length).toBeGreaterThan(0);
      for (const b of m.boxes) expect(b.scroll).toBeLessThanOrEqual(b.client);
      for (const name of ['Số hồ sơ', 'Loại', 'Trạng thái', 'Thời hạn']) {
        const h = m.heads.find((x) => x.text.trim() === name);
        expect(h, name).toBeDefined();
        expect(h!.right, name).toBeLessThanOrEqual(m.page.client);
        expect(h!.left, name).toBeGreaterThanOrEqual(0);
      }
      // The row's status and deadline are on screen, not behind a scroll bar.
      const status = await page.getByTestId('incident-status').first().boundingBox();
      const deadline = await page.getByTestId('incident-days-left').first().boundingBox();
      expect(status!.x + status!.width).toBeLessThanOrEqual(1440);
      expect(deadline!.x + deadline!.width).toBeLessThanOrEqual(1440);
      await screenshot(page, 'counts-list-1440');
    },
    TEST_MS,
  );

  it(
    'should label a large total as an estimate and count it exactly on demand',
    async () => {
      const page = await signIn('lanhdao');
      await page.goto('/incidents');
      const est = await listTotal(page);
      expect(est.exact).toBe(false);
      expect(est.count).toBeGreaterThan(EXACT_UP_TO);
      expect(est.text).toMatch(/^Tổng số: (khoảng|hơn) [\d.]+ vụ việc \(ước tính\)$/);
      await expect
        .poll(async () => page.getByTestId('incident-shown').textContent())
        .toMatch(/\/ (khoảng|hơn) [\d.]+$/);
      await screenshot(page, 'counts-list-estimate');
      await page.getByTestId('incident-count-exact').click();
      await expect.poll(async () => page.getByTestId('incident-total').getAttribute('data-exact')).toBe('true');
      const exact = await listTotal(page);
      expect(exact.count).toBeGreaterThan(EXACT_UP_TO);
      expect(exact.text).toBe(`Tổng số: ${vi(exact.count)} vụ việc`);
      expect(await page.getByTestId('incident-count-exact').count()).toBe(0);
      await screenshot(page, 'counts-list-exact');
    },
    TEST_MS,
  );

  it(
    "should show a ward officer the ward's own overdue count, equal to its list's total",
    async () => {
      const page = await signIn('canbo');
      const overdue = await countOf(page, 'home-overdue');
      expect(overdue).toBeLessThan(cityOverdue);
      await screenshot(page, 'counts-home-ward');
      await page.getByTestId('home-overdue').click();
      await page.waitForURL(/overdue=true/);
      expect(await listTotal(page)).toMatchObject({ count: overdue, exact: true });
      expect(await loadAll(page)).toBe(overdue);
    },
    TEST_MS,
  );
});
