import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Debian's Chromium, headless; override the binary with CHROMIUM_PATH. extraArgs are appended (e.g. WEBGL_ARGS). */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}

/** Software WebGL (SwiftShader) for MapLibre in headless Chromium without a GPU. */
export const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export interface PageOptions {
  baseURL: string;
  viewport?: { width: number; height: number };
}

/** A fresh context (own cookies and localStorage) with one page. */
export async function newPage(browser: Browser, opts: PageOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    viewport: opts.viewport ?? { width: 1366, height: 800 },
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Waits until no CSS or Web animation is running (a drawer sliding in, a tab's ink bar, a chart's entry
 * animation drawn through the Web Animations API): a condition, not a fixed pause.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, {
    timeout: 30_000,
    polling: 100,
  });
}

/** Saves e2e/artifacts/<name>.png (full page) once animations have settled, and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await animationsSettled(page);
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The demo accounts' password (src/server/seed). */
export const DEMO_PASSWORD = 'BinhAn@2026';

/**
 * Signs a demo user in through the login page in a fresh context and waits for the home page. The caller closes
 * the returned context (or the browser). `timeout` raises the page's default wait for busy machines.
 */
export async function signIn(
  browser: Browser,
  baseURL: string,
  username: string,
  opts: { viewport?: { width: number; height: number }; timeout?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newPage(browser, { baseURL, viewport: opts.viewport ?? { width: 1440, height: 900 } });
  if (opts.timeout) page.setDefaultTimeout(opts.timeout);
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('page-home').waitFor();
  return { context, page };
}
