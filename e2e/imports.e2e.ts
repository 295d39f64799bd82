import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const PASSWORD = 'BinhAn@2026';
const MAPPING_NAME = 'E2E – Sổ tiếp nhận Hoàn Kiếm';

let server: RunningServer;
let browser: Browser;
let csvFile: string;

/** Five rows in Phường Hoàn Kiếm (00070, unit CA-00070), dated January 2026; row 4 has −1 deaths. */
const CSV = [
  'Mã hồ sơ,Ngày xảy ra,Mã địa bàn,Đơn vị,Nội dung,Số người chết',
  'E2E-1,05/01/2026 08:30,00070,CA-00070,Mất trộm xe máy trước cửa nhà,0',
  'E2E-2,06/01/2026 21:10,00070,CA-00070,Giật túi xách trên phố Tràng Tiền,0',
  'E2E-3,07/01/2026 14:00,00070,CA-00070,Lừa đảo bán hàng qua mạng,0',
  'E2E-4,08/01/2026 02:45,00070,CA-00070,Xô xát tại quán karaoke,-1',
  'E2E-5,09/01/2026 19:30,00070,CA-00070,Mất trộm điện thoại tại chợ,0',
].join('\r\n');

async function createMappingThroughApi(): Promise<void> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${server.url}/api/imports/mappings`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: MAPPING_NAME,
      mapping: {
        source: 'e2e-hoan-kiem',
        externalIdColumn: 'Mã hồ sơ',
        fields: [
          { column: 'Ngày xảy ra', field: 'occurredAt', dateFormat: 'dd/MM/yyyy HH:mm' },
          { column: 'Mã địa bàn', field: 'areaCode' },
          { column: 'Đơn vị', field: 'unitCode' },
          { column: 'Nội dung', field: 'title' },
          { column: 'Số người chết', field: 'deaths' },
        ],
      },
    }),
  });
  expect(res.status).toBe(200);
}

async function signIn(): Promise<Page> {
  const { page } = await newPage(browser, { baseURL: server.url });
  await page.goto('/');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('page-home').waitFor();
  return page;
}

describe('incident import', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    csvFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-e2e-import-')), 'so-tiep-nhan.csv');
    fs.writeFileSync(csvFile, CSV);
    await createMappingThroughApi();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should upload, preview, map through a saved mapping, import the valid rows and show the error report', async () => {
    const page = await signIn();
    await page.getByTestId('nav-importData').click();
    await page.getByTestId('import-page').waitFor();
    await page.locator('[data-testid="import-dragger"] input[type=file], .ant-upload input[type=file]').first().setInputFiles(csvFile);
    const detected = page.getByTestId('import-detected');
    await detected.waitFor();
    expect(await detected.textContent()).toContain('utf-8');
    expect(await page.getByTestId('import-preview').textContent()).toContain('Giật túi xách trên phố Tràng Tiền');
    await page.getByTestId('import-next-1').click();

    await page.getByTestId('import-mapping-select').click();
    await page.locator('.ant-select-item-option', { hasText: MAPPING_NAME }).click();
    await page.getByTestId('import-next-2').click();
    await page.getByTestId('import-mode-valid').click();
    await page.getByTestId('import-start').click();

    const result = page.locator('[data-testid="import-result"][data-status="done"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-imported').textContent()).toBe('4');
    expect(await page.getByTestId('import-reported').textContent()).toBe('1');
    const errors = page.getByTestId('import-errors');
    const rowText = await errors.locator('tbody tr').first().textContent();
    expect(rowText).toContain('5'); // the fifth line of the file (header = 1)
    expect(rowText).toContain('Số người chết');
    expect(rowText).toContain('Không được âm');
    const href = await page.getByTestId('import-report-link').getAttribute('href');
    const report = await page.request.get(href!);
    expect(report.status()).toBe(200);
    const text = await report.text();
    expect(text).toContain('5,Số người chết');
    await screenshot(page, 'import-report');
  });
});
