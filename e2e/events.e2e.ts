import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, WEBGL_ARGS } from './support/browser';
import { startServer } from './support/server';
import { choose } from './support/ui';

const PASSWORD = 'BinhAn@2026';

let server: { url: string; stop(): Promise<void> };
let browser: Browser;

/** 'YYYY-MM-DD' and 'DD/MM/YYYY' of today + n days in Hanoi. */
function hanoiDay(plusDays: number): { iso: string; display: string } {
  const d = new Date(Date.now() + plusDays * 86_400_000);
  const iso = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
  const [y, m, day] = iso.split('-');
  return { iso, display: `${day}/${m}/${y}` };
}

/** Types into an antd DatePicker (date or date-time) and confirms with Enter. */
async function typePicker(page: Page, testId: string, value: string): Promise<void> {
  const input = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  expect(await input.inputValue()).toBe(value);
}

describe('event protection journey (Chromium)', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(WEBGL_ARGS);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should create from a template, assign units, see a conflict, approve with override, log the day and close as safe', async () => {
    const { context, page } = await newPage(browser, { baseURL: server.url, viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/login');
    await page.getByTestId('login-username').fill('lanhdao');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('page-home').waitFor();

    // The calendar of the month with the demo events, and the "absolutely safe" headline.
    await page.goto('/events');
    await page.getByTestId('calendar-event').first().waitFor();
    await expect
      .poll(() => page.getByTestId('event-headline').textContent())
      .toMatch(/^Bảo vệ tuyệt đối an toàn [\d.]+ sự kiện$/);
    await screenshot(page, 'events-calendar');

    // 1. Create from the template of the type.
    const day = hanoiDay(2);
    await page.getByTestId('event-new').click();
    await page.getByTestId('event-form').waitFor();
    await choose(page, 'event-type', 'Hội nghị, sự kiện chính trị');
    await choose(page, 'event-level', /^Quan trọng$/);
    await page.getByTestId('event-name').fill('Hội nghị xúc tiến đầu tư Hà Nội (e2e)');
    await typePicker(page, 'event-starts', `${day.display} 08:00`);
    await typePicker(page, 'event-ends', `${day.display} 11:30`);
    await choose(page, 'event-venue-pick', 'Nhà hát Lớn', 'Nhà hát');
    await expect.poll(() => page.getByTestId('event-venue').inputValue()).toBe('Nhà hát Lớn Hà Nội');
    await choose(page, 'event-lead', 'Công an phường Hoàn Kiếm', 'Hoàn Kiếm');
    await screenshot(page, 'events-new');
    await page.getByTestId('event-submit').click();
    await page.getByTestId('event-detail').waitFor();
    await expect.poll(() => page.getByTestId('event-status').first().textContent()).toBe('Dự thảo');
    expect(await page.getByTestId('event-tasks').locator('.ant-checkbox-wrapper').count()).toBeGreaterThan(3);
    await page.getByTestId('staffing-table').getByText('Công an phường Hoàn Kiếm').waitFor();
    // (Demo events may already share the venue or the units' strength: no assumption about conflicts yet.)

    // 2. Assign units: the ward's first shift raised far above its strength → a conflict.
    await choose(page, 'staffing-unit', 'Công an phường Hoàn Kiếm', 'Hoàn Kiếm');
    await typePicker(page, 'staffing-date', day.display);
    await choose(page, 'staffing-shift', 'Ca 1');
    await page.locator('input[data-testid="staffing-staff"], [data-testid="staffing-staff"] input').first().fill('400');
    await page.getByTestId('staffing-add').click();
    await expect
      .poll(() => page.getByTestId('event-conflicts').textContent(), { timeout: 15_000 })
      .toContain('vượt quân số có thể huy động');
    await screenshot(page, 'events-conflict');

    // 3. Approve with a commander's override (reason required).
    await page.getByTestId('move-planned').click();
    await expect.poll(() => page.getByTestId('event-status').first().textContent()).toBe('Đã lập kế hoạch');
    await page.getByTestId('move-approved').click();
    await page.getByTestId('override-reason').fill('Tăng cường lực lượng cơ động của thành phố');
    await screenshot(page, 'events-override');
    await page.locator('#override-ok').click();
    await expect.poll(() => page.getByTestId('event-status').first().textContent()).toBe('Đã phê duyệt');
    expect(await page.getByTestId('event-override').textContent()).toContain('Tăng cường lực lượng cơ động');

    // 4. Day-of log.
    await page.getByTestId('move-active').click();
    await expect.poll(() => page.getByTestId('event-status').first().textContent()).toBe('Đang diễn ra');
    await page.getByTestId('log-text').fill('Lực lượng vào vị trí, kiểm tra an ninh hội trường');
    await page.getByTestId('log-place').fill('Cổng chính');
    await page.getByTestId('log-submit').click();
    await page.getByTestId('log-entry').filter({ hasText: 'Lực lượng vào vị trí' }).waitFor();
    expect(await page.getByTestId('log-entry').first().textContent()).toContain('Nguyễn Văn Hùng');
    await screenshot(page, 'events-log');

    // 5. Close as absolutely safe.
    await page.getByTestId('move-closed').click();
    await page.locator('#close-ok').click();
    await expect.poll(() => page.getByTestId('event-status').first().textContent()).toBe('Đã kết thúc');
    expect(await page.getByTestId('event-outcome').textContent()).toBe('Tuyệt đối an toàn');
    await screenshot(page, 'events-closed');

    // The live board and the map of upcoming events render.
    await page.goto('/events?tab=map');
    await expect
      .poll(async () => Number((await page.getByTestId('upcoming-map').getAttribute('data-markers')) ?? -1), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await screenshot(page, 'events-map');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
