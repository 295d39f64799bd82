import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { startServer } from './support/server';
import { choose } from './support/ui';

const PASSWORD = 'BinhAn@2026';

let server: { url: string; stop(): Promise<void> };
let browser: Browser;

async function signIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newPage(browser, { baseURL: server.url, viewport: { width: 1440, height: 900 } });
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('page-home').waitFor();
  return { context, page };
}

function hanoiDay(plusDays: number): string {
  const iso = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + plusDays * 86_400_000));
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

async function typeDate(page: Page, testId: string, value: string): Promise<void> {
  const input = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(value);
  await input.press('Tab');
  const popup = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  for (let i = 0; i < 3 && (await popup.count()) > 0; i++)
    await page
      .locator('.ant-modal-title')
      .last()
      .click({ timeout: 3_000 })
      .catch(() => undefined);
  await popup.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  expect(await input.inputValue()).toBe(value);
}

describe('plans, directives and targets', () => {
  beforeAll(async () => {
    // The demo data (incidents, events, the 2025 plan) is loaded first by `binhan seed`, so the server's own
    // start stays within its start-up timeout on a busy machine.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-e2e-plans-'));
    const seeded = spawnSync(process.execPath, [path.resolve('bin/binhan.mjs'), 'seed', '--demo', '--scale', '0.05'], {
      env: { ...process.env, BINHAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('kế hoạch mẫu');
    server = await startServer({ dataDir });
    browser = await launchBrowser();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const GROUP = 'Nhóm kiểm thử: tuần tra khu phố cổ';
  const TASK = 'Tuần tra đêm khu vực hồ Hoàn Kiếm';

  it('should let a commander create a task group and assign a task to a ward', async () => {
    const { context, page } = await signIn('lanhdao');
    await page.goto('/plans');
    await page.getByTestId('plan-rollup').waitFor();
    // The demo 2025 plan: six breakthrough groups with their roll-up.
    expect(await page.getByTestId('plan-group').count()).toBeGreaterThanOrEqual(6);
    await page.getByTestId('add-group').click();
    await page.getByTestId('group-title').fill(GROUP);
    await page.getByTestId('group-save').click();
    const group = page.getByTestId('plan-group').filter({ hasText: GROUP });
    await group.waitFor();
    await group.getByTestId('add-task').click();
    await page.getByTestId('task-title').fill(TASK);
    await choose(page, 'task-lead', 'Công an phường Hoàn Kiếm', 'Hoàn Kiếm');
    await typeDate(page, 'task-due', hanoiDay(2));
    await page.getByTestId('task-save').click();
    await group.getByText(TASK).waitFor();
    expect(await group.getByTestId('task-status').first().textContent()).toBe('Chưa bắt đầu');
    await screenshot(page, 'plans-commander-tree');
    await context.close();
  });

  it('should let a commune officer report progress on their task, with the bell counting it', async () => {
    const { context, page } = await signIn('canbo');
    const bell = page.getByTestId('bell');
    await bell.waitFor();
    await page.locator('.ant-badge-count').first().waitFor();
    await page.goto('/plans?tab=mine');
    await page.getByTestId('my-tasks').getByText(TASK).click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.getByTestId('report-form').waitFor();
    await drawer
      .locator('input[data-testid="report-percent"], [data-testid="report-percent"] input')
      .first()
      .fill('60');
    await drawer.getByTestId('report-note').fill('Đã tổ chức 4 ca tuần tra, bắt giữ 2 đối tượng trộm cắp');
    await drawer.getByTestId('report-submit').click();
    await drawer.getByTestId('report-list').getByText('60%').waitFor();
    expect(await drawer.getByTestId('task-status').first().textContent()).toBe('Đang thực hiện');
    await screenshot(page, 'plans-officer-report');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('bell').click();
    await page.getByTestId('bell-panel').waitFor();
    await screenshot(page, 'plans-officer-bell');
    await context.close();
  });

  it('should show the commander the roll-up and the target board', async () => {
    const { context, page } = await signIn('lanhdao');
    await page.goto('/plans');
    const group = page.getByTestId('plan-group').filter({ hasText: GROUP });
    await group.waitFor();
    await group.getByText('60%', { exact: true }).first().waitFor();
    await screenshot(page, 'plans-commander-rollup');
    await page.getByTestId('tab-targets').click();
    // Each target's value is a live statistics query; a cold server on a busy machine takes a while.
    await page.getByTestId('target-card').first().waitFor({ timeout: 90_000 });
    const cards = await page.getByTestId('target-card').count();
    expect(cards).toBeGreaterThanOrEqual(7);
    const statuses = await page.getByTestId('target-status').allTextContents();
    for (const s of statuses) expect(['Đạt', 'Có nguy cơ không đạt', 'Không đạt', 'Chưa có số liệu']).toContain(s);
    expect(await page.getByTestId('sparkline').count()).toBeGreaterThan(0);
    await screenshot(page, 'plans-target-board');
    await page.getByTestId('tab-directives').click();
    await page.getByTestId('directive').first().waitFor();
    await screenshot(page, 'plans-directives');
    await page.getByTestId('tab-scoreboard').click();
    await page.getByTestId('scoreboard').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'plans-scoreboard');
    await context.close();
  });
});
