import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '../src/domain/csv';
import { launchBrowser, screenshot, WEBGL_ARGS, signIn as signInAs } from './support/browser';
import { startServer } from './support/server';


let server: { url: string; stop(): Promise<void> };
let browser: Browser;
let dir: string;

async function signIn(username: string): Promise<Page> {
  return (await signInAs(browser, server.url, username)).page;
}

/** Clicks what starts a download and saves the file; returns its path and suggested name. */
async function download(page: Page, testId: string): Promise<{ file: string; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

/** Hanoi wall time of an instant, computed by the browser-independent Intl data (not the app's code). */
function hanoiParts(iso: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

const two = (n: number) => String(n).padStart(2, '0');

function rowStarting(ws: ExcelJS.Worksheet, text: string): number {
  let found = 0;
  ws.eachRow((row, n) => {
    if (!found && row.getCell(1).value === text) found = n;
  });
  return found;
}

describe('exports people can read', () => {
  beforeAll(async () => {
    server = await startServer();
    // The dashboard draws its map with WebGL (software in headless Chromium), as in stats.e2e.ts.
    browser = await launchBrowser(WEBGL_ARGS);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-exports-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'should download the incident list as XLSX with date cells and labels, and as CSV in Hanoi time',
    { timeout: 240_000 },
    async () => {
      const page = await signIn('lanhdao');
      const newest = await page.evaluate(async () => {
        const res = await fetch('/api/incidents?limit=1');
        return (
          (await res.json()) as {
            items: { refNo: string; occurredAt: string; kind: string; statusLabel: { vi: string } }[];
          }
        ).items[0]!;
      });
      await page.getByTestId('nav-incidents').click();
      await page.locator(`[data-testid="incident-row-${newest.refNo}"]`).waitFor();
      await screenshot(page, 'exports-incident-list');

      const xlsx = await download(page, 'incident-export-xlsx');
      expect(xlsx.name).toMatch(/^vu-viec-\d{8}\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx.file);
      const ws = wb.worksheets[0]!;
      expect(ws.getCell('A1').value).toBe('Danh sách vụ việc');
      expect(ws.getCell('A2').value).toBe('Thời điểm xảy ra: mọi thời gian');
      expect(String(ws.getCell('A4').value)).toMatch(
        /^Xuất lúc: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(giờ Việt Nam, UTC\+7\)$/,
      );
      const headerAt = rowStarting(ws, 'Số hồ sơ');
      expect(headerAt).toBeGreaterThan(4);
      const header = (ws.getRow(headerAt).values as unknown[]).map(String);
      const row = ws.getRow(rowStarting(ws, newest.refNo));
      const occurred = row.getCell(header.indexOf('Thời điểm xảy ra'));
      expect(occurred.value).toBeInstanceOf(Date);
      expect(occurred.numFmt).toBe('dd/mm/yyyy hh:mm');
      // The cell shows what a clock in Hà Nội showed (a spreadsheet cell has no time zone).
      const local = hanoiParts(newest.occurredAt);
      const cell = occurred.value as Date;
      expect([
        cell.getUTCFullYear(),
        cell.getUTCMonth() + 1,
        cell.getUTCDate(),
        cell.getUTCHours(),
        cell.getUTCMinutes(),
      ]).toEqual([local.y, local.mo, local.d, local.h, local.mi]);
      const kinds = [
        'Tố giác, tin báo về tội phạm, kiến nghị khởi tố',
        'Vụ án hình sự',
        'Tai nạn giao thông',
        'Cháy, nổ',
        'Lừa đảo trên không gian mạng',
      ];
      expect(kinds).toContain(row.getCell(header.indexOf('Loại')).value);
      expect(row.getCell(header.indexOf('Trạng thái')).value).toBe(newest.statusLabel.vi);
      // No internal code anywhere in the labelled columns.
      for (const name of ['Loại', 'Trạng thái', 'Mức độ', 'Độ mật'])
        ws.getColumn(header.indexOf(name)).eachCell((c, n) => {
          if (n > headerAt) expect(String(c.value ?? '')).not.toMatch(/^[a-z]+(_[a-z]+)+$/);
        });

      const csv = await download(page, 'incident-export-csv');
      const bytes = fs.readFileSync(csv.file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parseCsv(bytes.toString('utf8')).map((r) => r.fields);
      const csvHeader = records.find((r) => r[0] === 'Số hồ sơ')!;
      const csvRow = records.find((r) => r[0] === newest.refNo)!;
      expect(csvRow[csvHeader.indexOf('Thời điểm xảy ra')]).toBe(
        `${two(local.d)}/${two(local.mo)}/${local.y} ${two(local.h)}:${two(local.mi)}`,
      );

      // In English, the export follows the language chosen in the app.
      await page.getByTestId('lang-en').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      const en = await download(page, 'incident-export-csv');
      const enRecords = parseCsv(fs.readFileSync(en.file, 'utf8')).map((r) => r.fields);
      expect(enRecords[0]).toEqual(['Incident list']);
      const enHeader = enRecords.find((r) => r[0] === 'Reference')!;
      expect(enRecords.find((r) => r[0] === newest.refNo)![enHeader.indexOf('Occurred')]).toBe(
        csvRow[csvHeader.indexOf('Thời điểm xảy ra')],
      );
      await page.getByTestId('lang-vi').click();
    },
  );

  it(
    'should download a dashboard table as XLSX with its period, comparison and labels',
    { timeout: 240_000 },
    async () => {
      const page = await signIn('lanhdao');
      await page.goto('/statistics?metric=social_order_crime&period=report_year');
      await page.getByTestId('page-statistics').waitFor();
      const result = await page.evaluate(async () => {
        const res = await fetch('/api/stats?metric=social_order_crime&period=report_year&breakdown=unit&limit=1000');
        return (await res.json()) as {
          period: { start: string; end: string };
          comparisonPeriod: { start: string; end: string };
          rows: { key: string; label: string }[];
        };
      });
      expect(result.rows.length).toBeGreaterThan(0);
      const table = page.getByTestId('stat-unit-table');
      // The dashboard sends a dozen requests at once: on a loaded machine the table may take a while.
      await table.locator('[data-testid="stat-row"]').first().waitFor({ timeout: 120_000 });
      const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
      await screenshot(page, 'exports-dashboard');

      const vi = await download(page, 'stat-unit-table-export');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(vi.file);
      const ws = wb.worksheets[0]!;
      expect(String(ws.getCell('A1').value)).toContain('Tội phạm về trật tự xã hội');
      const periodLine = String(ws.getCell('A2').value);
      expect(periodLine).toMatch(/^Kỳ số liệu: /);
      expect(periodLine).toContain(`${dmy(result.period.start)} – ${dmy(result.period.end)}`);
      expect(periodLine).toContain('So với cùng kỳ: ');
      expect(periodLine).toContain(`${dmy(result.comparisonPeriod.start)} – ${dmy(result.comparisonPeriod.end)}`);
      expect(ws.getCell('A3').value).toBe('Bộ lọc: không');
      expect(String(ws.getCell('A4').value)).toMatch(/^Xuất lúc: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      const headerAt = rowStarting(ws, 'Tên');
      expect(headerAt).toBeGreaterThan(4);
      const labels: string[] = [];
      for (let n = headerAt + 1; n <= ws.rowCount; n++) labels.push(String(ws.getRow(n).getCell(1).value));
      expect(labels.sort()).toEqual(result.rows.map((r) => r.label).sort());

      await page.getByTestId('lang-en').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await table.locator('[data-testid="stat-row"]').first().waitFor({ timeout: 120_000 });
      const en = await download(page, 'stat-unit-table-export');
      const wbEn = new ExcelJS.Workbook();
      await wbEn.xlsx.readFile(en.file);
      const wsEn = wbEn.worksheets[0]!;
      expect(String(wsEn.getCell('A1').value)).toContain('Social-order crime');
      expect(String(wsEn.getCell('A2').value)).toMatch(/^Period: .* · Compared with the same period last year: /);
      expect(String(wsEn.getCell('A4').value)).toMatch(/^Exported at: /);
      expect(rowStarting(wsEn, 'Name')).toBe(headerAt);
      await page.getByTestId('lang-vi').click();
    },
  );
});
