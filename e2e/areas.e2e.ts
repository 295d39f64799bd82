import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, WEBGL_ARGS } from './support/browser';
import { startServer } from './support/server';
import { followMenu } from './support/ui';

const PASSWORD = 'BinhAn@2026';

let server: { url: string; stop(): Promise<void> };
let browser: Browser;

interface OfflinePage {
  context: BrowserContext;
  page: Page;
  /** Every request the page tried to send anywhere but the app itself. */
  blocked: string[];
}

/** A signed-in page whose every request to another host is refused and remembered. */
async function signIn(username: string): Promise<OfflinePage> {
  const { context, page } = await newPage(browser, { baseURL: server.url });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '127.0.0.1') {
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

async function attr(page: Page, selector: string, name: string): Promise<string | null> {
  return page.locator(selector).first().getAttribute(name);
}

/** Waits until the element's attribute has a value (optionally a given one) and returns it. */
async function waitForAttr(page: Page, selector: string, name: string, value?: string): Promise<string> {
  await page.waitForFunction(
    ([sel, n, v]) => {
      const got = document.querySelector(sel!)?.getAttribute(n!);
      return got !== null && got !== undefined && (v === undefined || got === v);
    },
    [selector, name, value] as const,
    { timeout: 30_000 },
  );
  return (await attr(page, selector, name))!;
}

describe('areas and units', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(WEBGL_ARGS);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should show the 126 communes of 2025 in the table and on the map, with no outside request', async () => {
    const { context, page, blocked } = await signIn('lanhdao');
    // The menu group "Địa bàn & đơn vị" opens to "Địa bàn" and "Đơn vị công an".
    await page.getByTestId('nav-menu').getByText('Địa bàn & đơn vị').click();
    expect(await page.getByTestId('nav-units').textContent()).toContain('Đơn vị công an');
    await page.getByTestId('nav-areaList').click();
    await page.getByTestId('page-areas').waitFor();
    await page.goto('/areas?date=2025-08-01');
    await page.getByTestId('page-areas').waitFor();
    await page.getByTestId('generation-2025-07-01').waitFor();
    expect(await page.getByTestId('generation-picker').textContent()).toContain('Từ 01/07/2025');
    expect(await page.getByTestId('generation-picker').textContent()).toContain('Trước 01/01/2025 (579 xã, phường; 30 quận, huyện)');

    expect(await waitForAttr(page, '[data-testid="areas-total"]', 'data-total', '126')).toBe('126');
    expect(await page.getByTestId('areas-total').textContent()).toContain('Tổng số 126 địa bàn');

    const features = await waitForAttr(page, '[data-testid="areas-map"]', 'data-feature-count');
    expect(features).toBe('126');
    const rendered = Number(await attr(page, '[data-testid="areas-map"]', 'data-rendered-count'));
    expect(rendered).toBeGreaterThan(100);
    expect(rendered).toBeLessThanOrEqual(126);
    expect(await page.locator('[data-testid="areas-map"] canvas.maplibregl-canvas').count()).toBe(1);
    expect(await page.getByTestId('areas-map-count').textContent()).toContain('126 xã, phường có ranh giới');

    await screenshot(page, 'areas-map');

    // A row opens the detail drawer.
    await page.locator('[data-testid^="area-row-"]').first().click();
    await page.getByTestId('area-detail').waitFor();
    expect(await page.getByTestId('area-drawer').textContent()).toContain('Hình thành từ');
    await screenshot(page, 'areas-drawer');

    // Searching without diacritics.
    await page.getByTestId('areas-search').locator('input').fill('ngoc ha');
    await page.getByTestId('areas-search').locator('input').press('Enter');
    await page.locator('[data-testid="area-row-00008"]').waitFor();

    expect(blocked).toEqual([]);
    await context.close();
  });

  it('should show a table only, with a notice, for a generation without boundaries', async () => {
    const { context, page, blocked } = await signIn('lanhdao');
    await page.goto('/areas?date=2024-06-01');
    await page.getByTestId('areas-no-boundary').waitFor();
    expect(await page.getByTestId('areas-no-boundary').textContent()).toContain('Chưa có ranh giới cho thế hệ địa bàn này');
    const total = Number(await waitForAttr(page, '[data-testid="areas-total"]', 'data-total'));
    expect(total).toBe(579);
    expect(await page.getByTestId('areas-map').count()).toBe(0);
    // The preset for 2025-01-01 … 2025-06-30 switches to the 526 communes.
    await page.getByTestId('generation-2025-01-01').click();
    expect(await waitForAttr(page, '[data-testid="areas-total"]', 'data-total', '526')).toBe('526');
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('should show where a split commune went and what a new commune was formed from', async () => {
    const { context, page, blocked } = await signIn('lanhdao');
    // Phường Cống Vị (00007, Ba Đình) was split on 2025-07-01.
    await page.goto('/areas/00007?date=2025-06-30');
    await page.getByTestId('area-detail').waitFor();
    expect(await page.getByTestId('area-detail-name').textContent()).toContain('Cống Vị');
    const wentTo = page.getByTestId('area-went-to-item');
    expect(await wentTo.count()).toBeGreaterThanOrEqual(2);
    for (const item of await wentTo.all()) {
      expect(await item.getAttribute('data-relation')).toBe('partial');
      expect(await item.textContent()).toContain('một phần');
    }
    expect(await page.getByTestId('area-went-to').textContent()).toContain('Phường Ngọc Hà');
    await screenshot(page, 'area-lineage-split');

    // Follow the link to the new Phường Ngọc Hà (code 00008, which was Liễu Giai's code before the reform).
    await page.getByTestId('area-went-to').getByRole('link', { name: /Ngọc Hà/ }).click();
    await page.waitForURL(/\/areas\/00008\?date=2025-07-01/);
    await page.locator('[data-testid="area-detail"][data-code="00008"]').waitFor();
    expect(await page.getByTestId('area-detail-name').textContent()).toContain('Phường Ngọc Hà');
    const formed = page.getByTestId('area-formed-from');
    await formed.getByText('Phường Cống Vị').waitFor();
    expect(await page.getByTestId('area-formed-from-item').count()).toBeGreaterThanOrEqual(5);
    expect(await formed.textContent()).toContain('Phường Liễu Giai');
    expect(await formed.textContent()).toContain('toàn bộ');
    expect(await formed.textContent()).toContain('một phần');
    await screenshot(page, 'area-lineage-new');
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('should show district police on 2024-06-01 and not today', async () => {
    const { context, page, blocked } = await signIn('admin');
    await followMenu(page, 'Địa bàn & đơn vị', 'nav-units', /\/units/);
    await page.getByTestId('page-units').waitFor();
    await page.getByTestId('unit-tree').waitFor();
    const todayTree = (await page.getByTestId('unit-tree').textContent()) ?? '';
    expect(todayTree).not.toContain('Công an quận Hoàn Kiếm');
    expect(await page.getByTestId('unit-create').count()).toBe(1);

    await page.goto('/units?date=2024-06-01');
    await page.getByTestId('unit-tree').getByText('Công an quận Hoàn Kiếm').first().waitFor();
    await page.getByTestId('unit-tree').getByText('Công an quận Hoàn Kiếm').first().click();
    await page.getByTestId('unit-detail').waitFor();
    expect(await page.getByTestId('unit-detail-name').textContent()).toContain('Công an quận Hoàn Kiếm');
    expect(await page.getByTestId('unit-detail').textContent()).toContain('Kế thừa');
    await screenshot(page, 'units-tree');

    // With dissolved units shown, today's tree lists the district police again, marked as dissolved.
    await page.goto('/units?all=1');
    await page.getByTestId('unit-tree').getByText('Công an quận Hoàn Kiếm').first().waitFor();
    expect(await page.getByTestId('unit-tree').textContent()).toContain('Đã giải thể');
    expect(blocked).toEqual([]);
    await context.close();
  });
  it('should let an administrator rename a unit and give it an area', async () => {
    const { context, page, blocked } = await signIn('admin');
    await page.goto('/units');
    await page.getByTestId('unit-tree').getByText('Phòng Tham mưu', { exact: true }).click();
    await page.getByTestId('unit-detail').waitFor();

    await page.getByTestId('unit-edit').click();
    await page.getByTestId('unit-edit-name').fill('Phòng Tham mưu Công an thành phố');
    await page.getByTestId('unit-edit-submit').click();
    await page.getByTestId('unit-detail-name').getByText('Phòng Tham mưu Công an thành phố').waitFor();

    await page.getByTestId('unit-add-jurisdiction').click();
    await page.getByTestId('jurisdiction-area').click();
    await page.keyboard.type('hoan kiem');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Phường Hoàn Kiếm' }).first().click();
    await page.getByTestId('jurisdiction-submit').click();
    await page.getByTestId('unit-jurisdiction').getByText('Phường Hoàn Kiếm').waitFor();
    expect(blocked).toEqual([]);
    await context.close();
  });
});
