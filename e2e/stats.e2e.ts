import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { animationsSettled, launchBrowser, screenshot, WEBGL_ARGS, signIn as signInAs } from './support/browser';
import { startServer } from './support/server';
import { fetchStats } from './support/stats';


/** 2026-12-03 → 03/12/2026; a range as the exports and tiles write it. */
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const range = (r: { start: string; end: string }) => `${dmy(r.start)} – ${dmy(r.end)}`;

let server: { url: string; stop(): Promise<void> };
let browser: Browser;

async function signIn(username: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  return (await signInAs(browser, server.url, username, { viewport })).page;
}

/** Waits until a tile shows a figure, and returns it (data-current: the unformatted value it shows). */
async function tileValue(page: Page, metric: string): Promise<{ current: string; text: string }> {
  const tile = page.getByTestId(`stat-tile-${metric}`);
  await page.waitForFunction(
    (m) => document.querySelector(`[data-testid="stat-tile-${m}"]`)?.getAttribute('data-current') !== '',
    metric,
  );
  return {
    current: (await tile.getAttribute('data-current'))!,
    text: (await tile.getByTestId('stat-tile-value').textContent())!,
  };
}

/** Waits until the tile shows `expected` (after a change of period the previous figure stays until the new one arrives). */
async function waitTile(page: Page, metric: string, expected: number | null): Promise<void> {
  await page.waitForFunction(
    ([m, v]) => document.querySelector(`[data-testid="stat-tile-${m}"]`)?.getAttribute('data-current') === v,
    [metric, expected === null ? '' : String(expected)] as const,
  );
}

// Formatting written out independently of the app's: 1.234 / 79,5% / 6,34 tỷ đồng.
const viCount = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const viRate = (n: number) => `${n.toFixed(1).replace('.', ',')}%`;
const viMoney = (n: number) =>
  n >= 1e9
    ? `${String(Number((n / 1e9).toFixed(2))).replace('.', ',')} tỷ đồng`
    : `${String(Number((n / 1e6).toFixed(1))).replace('.', ',')} triệu đồng`;

/** 1.234,5 — one decimal at most, written out independently of the app's formatting. */
const viDecimal = (n: number) => {
  const r = Number(n.toFixed(1));
  const [int, dec] = r.toFixed(1).split('.');
  return dec === '0' ? viCount(Number(int)) : `${viCount(Number(int))},${dec}`;
};

/** The population figure of a commune today (GET /api/areas/population). */
async function populationOf(page: Page, code: string): Promise<number> {
  return page.evaluate(async (c) => {
    const res = await fetch('/api/areas/population');
    const body = (await res.json()) as { items: { code: string; population: number }[] };
    return body.items.find((i) => i.code === c)!.population;
  }, code);
}

/** A point inside a commune of today's map: its box scanned until /api/areas/locate names it. */
async function pointIn(page: Page, code: string): Promise<{ lon: number; lat: number }> {
  return page.evaluate(async (c) => {
    const fc = (await (await fetch('/api/areas/geojson')).json()) as { features: { properties: { code?: string }; geometry: { coordinates: unknown } }[] };
    const f = fc.features.find((x) => x.properties.code === c)!;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    const visit = (v: unknown): void => {
      if (!Array.isArray(v)) return;
      if (typeof v[0] === 'number') {
        w = Math.min(w, v[0]);
        e = Math.max(e, v[0]);
        s = Math.min(s, v[1] as number);
        n = Math.max(n, v[1] as number);
      } else v.forEach(visit);
    };
    visit(f.geometry.coordinates);
    // From the middle outwards, so the point is away from the border.
    const steps = [5, 4, 6, 3, 7, 2, 8, 1, 9];
    for (const i of steps)
      for (const j of steps) {
        const lon = w + ((e - w) * i) / 10;
        const lat = s + ((n - s) * j) / 10;
        const r = (await (await fetch(`/api/areas/locate?lon=${lon}&lat=${lat}`)).json()) as { area: { code: string } | null };
        if (r.area?.code === c) return { lon, lat };
      }
    throw new Error(`no point found in ${c}`);
  }, code);
}

/** The pixel of a coordinate on a MapLibre map, from the visible box it publishes (web Mercator, no rotation). */
async function mapPixel(page: Page, testId: string, p: { lon: number; lat: number }): Promise<{ x: number; y: number }> {
  const map = page.getByTestId(testId);
  await map.scrollIntoViewIfNeeded();
  const [w, s, e, n] = (await map.getAttribute('data-view'))!.split(',').map(Number) as [number, number, number, number];
  const box = (await map.locator('canvas.maplibregl-canvas').boundingBox())!;
  const merc = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  return {
    x: box.x + ((p.lon - w) / (e - w)) * box.width,
    y: box.y + ((merc(n) - merc(p.lat)) / (merc(n) - merc(s))) * box.height,
  };
}

describe('statistics dashboard (CompStat)', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(WEBGL_ARGS);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should show the headline figures /api/stats computes, switch period through the URL and step back', async () => {
    const page = await signIn('lanhdao');
    await page.getByTestId('nav-statistics').click();
    await page.getByTestId('page-statistics').waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics');

    // Default: the Decree 09 reporting month, against cùng kỳ.
    const month = await fetchStats(page, { metric: 'social_order_crime', period: 'report_month' });
    expect(month.period.kind).toBe('report_month');
    await waitTile(page, 'social_order_crime', month.value.current);
    expect((await tileValue(page, 'social_order_crime')).text).toBe(viCount(month.value.current!));
    expect(await page.getByTestId('stat-period-label').textContent()).toContain(month.period.label.vi);

    // Reporting year: every figure follows the server's, formatted the Vietnamese way.
    await page.getByTestId('stat-period-kind').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: /^Năm báo cáo$/ })
      .click();
    await page.waitForURL(/period=report_year/);
    const [soc, cases, clearance, losses] = await Promise.all(
      ['social_order_crime', 'crime_cases', 'clearance_rate', 'fraud_losses'].map((metric) =>
        fetchStats(page, { metric, period: 'report_year' }),
      ),
    );
    expect(soc!.period.kind).toBe('report_year');
    // A year holds more than its current month (unless the year began with that month, on 15 December):
    // the switch must change the figure.
    if (soc!.period.start !== month.period.start) expect(soc!.value.current!).toBeGreaterThan(month.value.current!);
    await page.waitForFunction(
      (label) => document.querySelector('[data-testid="stat-period-label"]')?.textContent?.includes(label),
      soc!.period.label.vi,
    );
    await waitTile(page, 'social_order_crime', soc!.value.current);
    expect((await tileValue(page, 'social_order_crime')).text).toBe(viCount(soc!.value.current!));
    await waitTile(page, 'crime_cases', cases!.value.current);
    expect((await tileValue(page, 'crime_cases')).text).toBe(viCount(cases!.value.current!));
    await waitTile(page, 'clearance_rate', clearance!.value.current);
    expect((await tileValue(page, 'clearance_rate')).text).toBe(viRate(clearance!.value.current!));
    await waitTile(page, 'fraud_losses', losses!.value.current);
    expect((await tileValue(page, 'fraud_losses')).text).toBe(viMoney(losses!.value.current!));

    // The comparison and its significance tag follow the server's z.
    const socTile = page.getByTestId('stat-tile-social_order_crime');
    expect(await socTile.getByTestId('stat-tile-comparison').textContent()).toBe(
      `Cùng kỳ: ${viCount(soc!.value.comparison!)}`,
    );
    const z = soc!.value.change!.z!;
    const expectedTag =
      Math.abs(z) > 3 ? 'có ý nghĩa thống kê' : Math.abs(z) > 2 ? 'đáng chú ý' : 'trong biến động bình thường';
    expect(await socTile.getByTestId('stat-tile-significance').textContent()).toBe(expectedTag);
    // On a base below the small-numbers threshold the change is the count, not a percentage.
    const ch = soc!.value.change!;
    expect(await socTile.getByTestId('stat-tile-change').textContent()).toContain(
      `${ch.absolute < 0 ? '▼' : '▲'} ${ch.smallBase ? viCount(Math.abs(ch.absolute)) : `${Math.abs(ch.percent!).toFixed(1).replace('.', ',')}%`}`,
    );
    // The clearance target (Resolution 96/2019: above 75%) as the server judges it like for like: a rate whose cases
    // are recent is on track or at risk, never "Chưa đạt" only because of maturity.
    const target = page.getByTestId('stat-tile-clearance_rate').getByTestId('stat-tile-target');
    expect(await target.getAttribute('data-met')).toBe(String(clearance!.target!.met));
    expect(await target.getAttribute('data-status')).toBe(clearance!.target!.status ?? '');
    expect(await target.textContent()).toContain(clearance!.target!.statusLabel!.vi);
    // The rate's cases ("12/14 vụ"), the comparison at the same point and its final rate, the maturing note.
    const clearanceTile = page.getByTestId('stat-tile-clearance_rate');
    const parts = clearance!.value.parts!;
    expect(await clearanceTile.getByTestId('stat-tile-parts').textContent()).toBe(
      `${viCount(parts.current.num)}/${viCount(parts.current.den)} vụ`,
    );
    expect(await clearanceTile.getByTestId('stat-tile-same-maturity').textContent()).toBe(
      `Cùng thời điểm: ${viCount(parts.comparison!.num)}/${viCount(parts.comparison!.den)} vụ; đến nay: ${viRate(clearance!.value.comparisonFinal!.rate!)} (${viCount(clearance!.value.comparisonFinal!.num)}/${viCount(clearance!.value.comparisonFinal!.den)} vụ)`,
    );
    expect(await clearanceTile.getByTestId('stat-tile-maturing').count()).toBe(clearance!.value.maturity!.maturing ? 1 : 0);

    // A tile becomes the metric of the panels: the state is in the URL.
    await page.getByTestId('stat-tile-crime_cases').click();
    await page.waitForURL(/metric=crime_cases/);
    await page.locator('[data-testid="stat-selected-metric"][data-metric="crime_cases"]').waitFor();
    expect(await page.getByTestId('stat-tile-crime_cases').getAttribute('data-selected')).toBe('true');
    await animationsSettled(page);
    await screenshot(page, 'stats-dashboard');

    // Back: social-order crime again, still the reporting year; back again: the reporting month.
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('metric='));
    await page.locator('[data-testid="stat-selected-metric"][data-metric="social_order_crime"]').waitFor();
    expect(new URL(page.url()).searchParams.get('period')).toBe('report_year');
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('period='));
    await waitTile(page, 'social_order_crime', month.value.current);
  });

  it('should drill down from a commune row to the incident list with as many incidents as the row counts', async () => {
    const page = await signIn('lanhdao');
    await page.goto('/statistics?period=report_year');
    const table = page.getByTestId('stat-area-table');
    await table.locator('[data-testid="stat-row"]').first().waitFor();
    const api = await fetchStats(page, {
      metric: 'social_order_crime',
      period: 'report_year',
      breakdown: 'area',
      limit: '5000',
    });
    // The table shows the server's rows, largest first.
    const first = table.locator('[data-testid="stat-row"]').first();
    const top = api.rows[0]!;
    expect(Number(await first.getAttribute('data-current'))).toBe(top.current);
    const rowValue = Number(await first.getAttribute('data-current'));
    expect(rowValue).toBeGreaterThan(0);
    const name = (await first.getByTestId('stat-row-drill').textContent())!;

    await first.getByTestId('stat-row-drill').click();
    await page.getByTestId('page-incidents').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/incidents');
    const drill = api.rows.find((r) => r.label === name)!.drill!;
    expect(Object.fromEntries(url.searchParams)).toEqual(
      Object.fromEntries(Object.entries(drill).filter(([, v]) => v)),
    );
    expect(url.searchParams.get('statGroup')).toBe('trat_tu_xa_hoi');
    expect(url.searchParams.get('kind')).toBe('criminal_case');

    // Load every page of the list: its count must be the row's figure.
    const shown = page.getByTestId('incident-shown');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="incident-shown"]')?.getAttribute('data-count')) > 0,
    );
    while ((await page.getByTestId('incident-load-more').count()) > 0) {
      const before = Number(await shown.getAttribute('data-count'));
      await page.getByTestId('incident-load-more').click();
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="incident-shown"]')?.getAttribute('data-count')) > n,
        before,
      );
    }
    expect(Number(await shown.getAttribute('data-count'))).toBe(rowValue);
    // Every listed incident is in the commune.
    const areas = await page
      .locator('[data-testid="incident-table"] tbody tr.ant-table-row td:nth-child(5)')
      .allTextContents();
    expect(areas.length).toBe(rowValue);
    for (const a of areas) expect(a).toBe(name);
    await screenshot(page, 'stats-drill-incidents');

    // Back on the dashboard, the view is as it was.
    await page.goBack();
    await page.getByTestId('page-statistics').waitFor();
    expect(new URL(page.url()).searchParams.get('period')).toBe('report_year');

    // The commune as a filter of the whole dashboard (from the URL): the tile counts that commune only.
    await page.goto(`/statistics?period=report_year&areaCode=${drill.areaCode!}`);
    await waitTile(page, 'social_order_crime', rowValue);
    const filtered = await fetchStats(page, {
      metric: 'social_order_crime',
      period: 'report_year',
      areaCode: drill.areaCode!,
    });
    expect(filtered.value.current).toBe(rowValue);
    await page.getByTestId('stat-filter-area').getByText(name).waitFor();
  });

  it('should draw the commune map, the trend and the heat map, and export a table to XLSX', async () => {
    const page = await signIn('lanhdao');
    await page.goto('/statistics?period=report_year');
    // The map: today's 126 communes, coloured by the figures (not by commune type), drawn on a visible canvas.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-feature-count') === '126',
      null,
      {
        timeout: 30_000,
      },
    );
    const map = page.getByTestId('stat-map');
    expect(Number(await map.getAttribute('data-rendered-count'))).toBeGreaterThan(100);
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-colours');
      return c !== undefined && c !== null && c !== 'type' && Number(c) > 0;
    });
    const mapData = await fetchStats(page, {
      metric: 'social_order_crime',
      period: 'report_year',
      breakdown: 'area_current',
      limit: '5000',
    });
    expect(Number(await map.getAttribute('data-colours'))).toBe(mapData.rows.length);
    expect(await map.locator('canvas.maplibregl-canvas').isVisible()).toBe(true);
    const box = (await map.locator('canvas.maplibregl-canvas').boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    expect(box.height).toBeGreaterThan(200);
    expect(await page.getByTestId('stat-map-note').textContent()).toContain('10.000 dân');
    expect(await page.getByTestId('stat-map-legend').textContent()).toContain('0');

    // The hot-spot layer (Getis-Ord Gi*): the communes the endpoint finds significant are outlined, and the URL keeps it.
    const hot = await page.evaluate(async () => {
      const res = await fetch('/api/stats/hotspots?metric=social_order_crime&period=report_year&level=commune');
      return (await res.json()) as { cells: { key: string; bin: number }[]; hot: Record<string, number> };
    });
    const significant = hot.cells.filter((c) => c.bin !== 0).length;
    await page.getByTestId('stat-hotspots').click();
    await page.waitForURL(/hotspots=1/);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-outlines') === String(n),
      significant,
    );
    const legendHot = Number(await page.getByTestId('stat-hotspot-legend').getAttribute('data-hot'));
    expect(legendHot).toBe(Object.values(hot.hot).reduce((a, b) => a + b, 0));
    expect(await page.getByTestId('stat-hotspot-note').textContent()).toContain('Getis-Ord Gi*');

    // ECharts: the trend and the hour × weekday heat map have drawn.
    for (const id of ['stat-trend-chart', 'stat-heatmap-chart']) {
      await page.waitForFunction(
        (t) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute('data-rendered') === 'true',
        id,
      );
      expect(await page.getByTestId(id).locator('canvas').count()).toBeGreaterThan(0);
    }

    // XLSX export of the unit table: Vietnamese headers, the rows and figures of the screen.
    const units = await fetchStats(page, {
      metric: 'social_order_crime',
      period: 'report_year',
      breakdown: 'unit',
      limit: '1000',
    });
    await page.getByTestId('stat-unit-table').locator('[data-testid="stat-row"]').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('stat-unit-table-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^thong-ke-social_order_crime-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-don-vi\.xlsx$/,
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'binhan-stats-')), 'units.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('Tội phạm về trật tự xã hội');
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === 'Tên' && headerRow === 0) headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(0);
    const header = ws.getRow(headerRow);
    // Each side's column names the dates it counted; the lines above name the period and both ranges.
    expect(String(header.getCell(2).value)).toBe(`Kỳ này (${range(units.ranges.current)})`);
    expect(String(header.getCell(3).value)).toBe(`Cùng kỳ (${range(units.ranges.comparison!)})`);
    expect(String(ws.getCell('A2').value)).toContain('Năm báo cáo');
    expect(header.getCell(7).value).toBe('Đánh giá');
    expect(header.getCell(8).value).toBe('Ghi chú'); // reform status, too few cases
    const firstData = ws.getRow(headerRow + 1);
    expect(firstData.getCell(1).value).toBe(units.rows[0]!.label);
    expect(firstData.getCell(2).value).toBe(units.rows[0]!.current);
    expect(firstData.getCell(2).numFmt).toBe('#,##0');
    expect(ws.rowCount - headerRow).toBe(units.rows.length);
    await screenshot(page, 'stats-map-charts');

    // Print: the menu and the controls go, a heading with the period and the printing date comes.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('nav-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('stat-controls').isVisible()).toBe(false);
    const heading = page.getByTestId('stat-print-heading');
    expect(await heading.isVisible()).toBe(true);
    expect(await heading.textContent()).toContain(mapData.period.label.vi);
    expect(await heading.textContent()).toMatch(/In ngày \d{2}\/\d{2}\/\d{4}/);
    await screenshot(page, 'stats-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('should colour the map per 10,000 inhabitants and draw the density heat map', async () => {
    const page = await signIn('lanhdao');
    await page.goto('/statistics?period=report_year');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-feature-count') === '126',
      null,
      { timeout: 30_000 },
    );
    const rates = await fetchStats(page, {
      metric: 'social_order_crime',
      period: 'report_year',
      breakdown: 'area_current',
      targetDate: (await page.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }))),
      limit: '5000',
      per: 'population',
    });
    // The demo's population is synthetic and says so.
    expect(rates.population?.known).toBe(126);
    expect(rates.population?.sources).toEqual(['Số liệu minh họa (demo)']);
    const top = [...rates.rows].filter((r) => r.rate !== null && r.rate !== undefined).sort((a, b) => b.rate! - a.rate!)[0]!;
    expect(top.rate).toBeCloseTo((top.current! * 10_000) / (await populationOf(page, top.key)), 6);

    // Per 10,000 inhabitants: the URL keeps it, the legend shows Vietnamese-formatted rates.
    await page.getByTestId('stat-map-colour-rate').click();
    await page.waitForURL(/mapColour=rate/);
    await page.waitForFunction(() => document.querySelector('[data-testid="stat-map-legend"]')?.getAttribute('data-colour') === 'rate');
    const legend = (await page.getByTestId('stat-map-legend').textContent())!;
    expect(legend).toContain('Tỷ lệ / 10.000 dân:');
    const maxRate = Math.max(...rates.rows.map((r) => r.rate ?? 0));
    const classes = [...legend.matchAll(/([\d.]+(?:,\d)?) – ([\d.]+(?:,\d)?)/g)].map((m) => Number(m[2]!.replace(/\./g, '').replace(',', '.')));
    expect(classes.length).toBeGreaterThan(0);
    expect(Math.max(...classes)).toBeGreaterThanOrEqual(Number(maxRate.toFixed(1)) - 0.05);
    expect(await page.getByTestId('stat-map-note').textContent()).toContain('Số liệu minh họa (demo)');

    // The tooltip of the commune with the highest rate shows it, formatted 1.234,5.
    const inside = await pointIn(page, top.key);
    await page.waitForFunction(() => !!document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-view'));
    const px = await mapPixel(page, 'stat-map', inside);
    await page.mouse.move(px.x - 3, px.y - 3);
    await page.mouse.move(px.x, px.y);
    const popup = page.locator('.maplibregl-popup-content');
    await popup.waitFor({ timeout: 10_000 });
    const tip = (await popup.textContent())!;
    expect(tip).toContain(top.label);
    expect(tip).toContain(`${viDecimal(top.rate!)} / 10.000 dân`);

    // Density: the heat-map layer holds the endpoint's cells; the URL keeps the switch.
    const density = await page.evaluate(async () => {
      const res = await fetch('/api/stats/density?metric=social_order_crime&period=report_year');
      return (await res.json()) as { total: number; cells: [number, number, number][]; cellMeters: number };
    });
    expect(density.cellMeters).toBe(250);
    expect(density.cells.length).toBeGreaterThan(0);
    await page.getByTestId('stat-density').click();
    await page.waitForURL(/density=1/);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-heatmap') === String(n),
      density.cells.length,
      { timeout: 20_000 },
    );
    expect(Number(await page.getByTestId('stat-density-legend').getAttribute('data-total'))).toBe(density.total);
    expect(await page.getByTestId('stat-density-legend').textContent()).toContain(`${viCount(density.total)} vụ có tọa độ`);
    await page.mouse.move(10, 10);
    await animationsSettled(page);
    const shot = await screenshot(page, 'stats-density-rate');
    await page.getByTestId('stat-map-panel').screenshot({ path: path.join(path.dirname(shot), 'stats-density-rate-map.png') });

    // Reloading the URL brings both back.
    await page.reload();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-heatmap') ?? 0) > 0, null, {
      timeout: 30_000,
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="stat-map-legend"]')?.getAttribute('data-colour') === 'rate');
  });

  it('should render the dashboard in English and fit a 390 px phone', async () => {
    const page = await signIn('lanhdao', { width: 390, height: 844 });
    await page.goto('/statistics?period=report_year&metric=clearance_rate');
    const clearance = await fetchStats(page, { metric: 'clearance_rate', period: 'report_year' });
    await waitTile(page, 'clearance_rate', clearance.value.current);
    expect((await tileValue(page, 'clearance_rate')).text).toBe(viRate(clearance.value.current!));

    await page.getByTestId('lang-en').click();
    await page.getByText('Statistics – CompStat').first().waitFor();
    const tile = page.getByTestId('stat-tile-clearance_rate');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="stat-tile-clearance_rate"]')?.textContent?.includes('Clearance rate'),
    );
    expect((await tile.getByTestId('stat-tile-value').textContent())!).toBe(`${clearance.value.current!.toFixed(1)}%`);
    expect(await tile.getByTestId('stat-tile-comparison').textContent()).toMatch(/^Same period last year: \d+\.\d%$/);
    expect(await page.getByTestId('stat-period-label').textContent()).toContain(clearance.period.label.en);
    expect(await page.getByTestId('stat-area-table').textContent()).toContain('By commune / ward');
    // No Vietnamese interface text is left on the page's own labels.
    const body = (await page.getByTestId('page-statistics').textContent())!;
    for (const vi of ['Kỳ này', 'Cùng kỳ:', 'Xuất Excel', 'Theo đơn vị', 'trong biến động bình thường', 'Hôm nay'])
      expect(body).not.toContain(vi);

    // Phone width: nothing wider than the screen once everything has loaded.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="stat-map"]')?.getAttribute('data-feature-count') === '126',
      null,
      {
        timeout: 30_000,
      },
    );
    await animationsSettled(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'stats-phone-en');
  });
});
