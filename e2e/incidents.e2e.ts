import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { animationsSettled, launchBrowser, newPage, screenshot, WEBGL_ARGS } from './support/browser';
import { startServer } from './support/server';
import { choose } from './support/ui';

const PASSWORD = 'BinhAn@2026';
// Hồ Hoàn Kiếm, in Phường Hoàn Kiếm (00070) since 2025-07-01.
const LAKE = { lon: 105.8524, lat: 21.0287 };

let server: { url: string; stop(): Promise<void> };
let browser: Browser;

/** A signed-in page whose every request to another host is refused and remembered. */
async function signIn(username: string): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const { context, page } = await newPage(browser, { baseURL: server.url, viewport: { width: 1440, height: 900 } });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1') {
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('page-home').waitFor();
  return { context, page, blocked };
}

/** 'YYYY-MM-DD' of today + n days in Hanoi, and the same day as dd/MM/yyyy. */
function hanoiDay(plusDays: number): { iso: string; display: string } {
  const d = new Date(Date.now() + plusDays * 86_400_000);
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const [y, m, day] = iso.split('-');
  return { iso, display: `${day}/${m}/${y}` };
}

/** Types a date into an antd DatePicker and commits it by leaving the field (Enter would also submit the modal's form). */
async function typeDate(page: Page, testId: string, value: string): Promise<void> {
  const input = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(value);
  await input.press('Tab');
  // Close the calendar if it is still open (it could cover the modal's buttons), without leaving the modal.
  const popup = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  // The modal may re-render under the click (its title element is replaced): retry a few times.
  for (let i = 0; i < 3 && (await popup.count()) > 0; i++)
    await page.locator('.ant-modal-title').last().click({ timeout: 3_000 }).catch(() => undefined);
  await popup.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  expect(await input.inputValue()).toBe(value);
}

/** The pixel of a coordinate on a MapLibre map, from the visible box the map publishes (web Mercator, no rotation). */
async function pixelOf(page: Page, mapTestId: string, p: { lon: number; lat: number }): Promise<{ x: number; y: number }> {
  const map = page.getByTestId(mapTestId);
  await map.scrollIntoViewIfNeeded();
  const view = (await map.getAttribute('data-view'))!.split(',').map(Number) as [number, number, number, number];
  const box = (await map.locator('canvas.maplibregl-canvas').boundingBox())!;
  const [w, s, e, n] = view;
  const merc = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  return {
    x: box.x + ((p.lon - w) / (e - w)) * box.width,
    y: box.y + ((merc(n) - merc(p.lat)) / (merc(n) - merc(s))) * box.height,
  };
}

describe('incident registry', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(WEBGL_ARGS);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should record a crime report on the map, run its legal clock, open a case and clear it', async () => {
    const { context, page, blocked } = await signIn('canbo');
    // The home card counts crime reports due soon and overdue.
    await page.getByTestId('home-incidents-due').waitFor();
    expect(await page.getByTestId('home-incidents-due').textContent()).toContain('Tin báo sắp đến hạn / quá hạn');

    await page.getByTestId('nav-incidents').click();
    await page.getByTestId('page-incidents').waitFor();
    await page.getByTestId('incident-create').click();
    await page.getByTestId('page-incident-new').waitFor();
    await page.getByTestId('incident-new-kind').getByText('Tin báo, tố giác').click();
    await page.waitForURL(/\/incidents\/new\?kind=crime_report/);
    await page.locator('[data-testid="incident-form"][data-kind="crime_report"]').waitFor();

    const title = `Mất trộm xe máy tại bờ Hồ ${Date.now() % 100000}`;
    await page.getByTestId('incident-title').fill(title);
    await choose(page, 'incident-report-source', 'Tin báo về tội phạm');
    await page.getByTestId('incident-address').fill('Đinh Tiên Hoàng, Phường Hoàn Kiếm');
    // The unit defaults to the officer's own.
    await page.getByTestId('incident-unit').getByText('Công an phường Hoàn Kiếm').waitFor();

    // One click on the map near the lake: the point is set and the empty area is filled from it.
    await page.waitForFunction(() => document.querySelector('[data-testid="incident-map"]')?.getAttribute('data-feature-count') === '126', null, {
      timeout: 30_000,
    });
    await page.waitForFunction(() => !!document.querySelector('[data-testid="incident-map"]')?.getAttribute('data-view'));
    const px = await pixelOf(page, 'incident-map', LAKE);
    await page.mouse.click(px.x, px.y);
    await page.getByTestId('incident-point').getByText('Phường Hoàn Kiếm').waitFor();
    await page.getByTestId('incident-area').getByText('Phường Hoàn Kiếm').waitFor();
    const picked = (await page.getByTestId('incident-map').getAttribute('data-point'))!.split(',').map(Number);
    expect(Math.abs(picked[0]! - LAKE.lon)).toBeLessThan(0.003);
    expect(Math.abs(picked[1]! - LAKE.lat)).toBeLessThan(0.003);
    expect(await page.getByTestId('incident-point-mismatch').count()).toBe(0);
    await animationsSettled(page);
    await screenshot(page, 'incident-new');

    // Save: the record opens with its legal clock of 20 days.
    await page.getByTestId('incident-submit').click();
    await page.locator('[data-testid="page-incident"][data-kind="crime_report"]').waitFor();
    const refNo = (await page.getByTestId('incident-ref').textContent())!;
    expect(refNo).toMatch(/\S+/);
    expect(await page.getByTestId('incident-title').textContent()).toBe(title);
    expect(await page.getByTestId('incident-area').textContent()).toBe('Phường Hoàn Kiếm');
    expect(await page.getByTestId('incident-received-at').textContent()).toContain(hanoiDay(0).display);
    await page.getByTestId('incident-deadlines').waitFor();
    expect(await page.getByTestId('incident-resolution-due').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const left = (await page.getByTestId('incident-days-left').textContent())!;
    expect(left).toMatch(/^còn \d+ ngày$/);
    expect(Number(/\d+/.exec(left)![0])).toBeGreaterThanOrEqual(18);
    expect(Number(/\d+/.exec(left)![0])).toBeLessThanOrEqual(23);
    expect(await page.getByTestId('incident-counting').textContent()).toMatch(/Ngày tiếp nhận|Thời hạn tính từ ngày tiếp theo/);
    expect(await page.locator('[data-testid="incident-history-item"][data-action="created"]').count()).toBe(1);

    // Extend (investigating body) to a day within 2 months of receipt.
    const until = hanoiDay(45);
    await page.getByTestId('clock-extend').click();
    await page.getByTestId('clock-modal-extend').waitFor();
    await typeDate(page, 'extend-until', until.display);
    await page.getByTestId('clock-modal-submit').click();
    await page.locator('[data-testid="incident-status"][data-status="extended"]').waitFor();
    expect(await page.getByTestId('incident-status').textContent()).toBe('Đã gia hạn');
    const due = (await page.getByTestId('incident-resolution-due').textContent())!;
    const [dd, mm, yyyy] = due.split('/');
    // The new limit is the chosen day, or the next working day when it falls on a day off.
    expect(`${yyyy}-${mm}-${dd}` >= until.iso).toBe(true);
    expect(`${yyyy}-${mm}-${dd}` <= hanoiDay(49).iso).toBe(true);
    expect(await page.getByTestId('incident-days-left').textContent()).toMatch(/^còn \d+ ngày$/);
    await page.locator('[data-testid="incident-history-item"][data-action="clock.extend"]').waitFor();
    await animationsSettled(page);
    await screenshot(page, 'incident-report-deadline');

    // Open a case under article 173 clause 1: the picker shows the severity that results.
    await page.getByTestId('clock-open_case').click();
    await page.getByTestId('clock-modal-open_case').waitFor();
    await choose(page, 'incident-article', 'Điều 173. Tội trộm cắp tài sản', '173');
    await choose(page, 'incident-clause', 'Khoản 1 → Ít nghiêm trọng');
    await page.getByTestId('clock-modal-submit').click();
    await page.locator('[data-testid="incident-status"][data-status="case_opened"]').waitFor();
    expect(await page.getByTestId('incident-status').textContent()).toBe('Đã khởi tố');
    await page.getByTestId('incident-linked-case').first().waitFor();
    expect(await page.getByTestId('clock-actions').count()).toBe(0);

    // The linked case: article, severity, then "điều tra làm rõ".
    await page.getByTestId('incident-linked-case').first().click();
    await page.locator('[data-testid="page-incident"][data-kind="criminal_case"]').waitFor();
    expect(await page.getByTestId('incident-severity').textContent()).toBe('Ít nghiêm trọng');
    expect(await page.getByTestId('incident-article').textContent()).toContain('Điều 173. Tội trộm cắp tài sản — Khoản 1 → Ít nghiêm trọng');
    expect(await page.getByTestId('incident-report-link').count()).toBe(1);
    expect(await page.getByTestId('incident-cleared').getAttribute('data-cleared')).toBe('false');
    await page.getByTestId('incident-clear').click();
    await page.getByTestId('clear-date').waitFor();
    await page.getByTestId('clear-submit').click();
    await page.locator('[data-testid="incident-cleared"][data-cleared="true"]').waitFor();
    expect(await page.getByTestId('incident-cleared').textContent()).toBe(`Đã làm rõ ngày ${hanoiDay(0).display}`);
    expect(await page.getByTestId('incident-status').textContent()).toBe('Đã điều tra làm rõ');
    await page.locator('[data-testid="incident-history-item"][data-action="cleared"]').waitFor();
    await animationsSettled(page);
    await screenshot(page, 'incident-case-cleared');

    // The list: both records, found by a search without diacritics; filters live in the URL.
    await page.goto('/incidents?q=mat%20trom%20xe%20may');
    await page.getByTestId('page-incidents').waitFor();
    await page.locator(`[data-testid="incident-row-${refNo}"]`).waitFor();
    expect(await page.getByTestId('incident-table').textContent()).toContain('Vụ án hình sự');
    await page.goto('/incidents');
    await page.locator(`[data-testid="incident-row-${refNo}"]`).waitFor();
    await animationsSettled(page);
    await screenshot(page, 'incident-list');
    expect(await page.getByTestId('incident-export-csv').getAttribute('href')).toBe('/api/incidents/export?format=csv&lang=vi');

    expect(blocked).toEqual([]);
    await context.close();
  });
});
