import type { Page } from 'playwright-core';
import { animationsSettled } from './browser';

/**
 * Picks an option of an antd Select: opens it, optionally types, clicks the option with the text.
 * On a busy machine the select may still be disabled (waiting for the field it depends on) or its options
 * still loading when it is opened; then the dropdown is closed and opened again, a few times, before failing.
 */
export async function choose(page: Page, testId: string, text: string | RegExp, typed?: string): Promise<void> {
  const select = page.getByTestId(testId);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (typed) await page.keyboard.type(typed);
    try {
      await option.waitFor({ state: 'visible', timeout: 6_000 });
      await option.click();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await page.keyboard.press('Escape');
      if (typed) {
        // Clear what was typed so the next attempt searches afresh.
        await select.click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Escape');
      }
      await animationsSettled(page);
    }
  }
}

/**
 * Follows an entry of a collapsed menu group: opens the group when the entry is hidden, clicks the entry and waits
 * for the address. On a busy machine a click during the group's opening animation can be lost; then it tries again.
 */
export async function followMenu(page: Page, group: string, itemTestId: string, url: RegExp): Promise<void> {
  const item = page.getByTestId(itemTestId);
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    if (!(await item.isVisible())) await page.getByTestId('nav-menu').getByText(group).click();
    try {
      await item.click({ timeout: 5_000 });
      await page.waitForURL(url, { timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await animationsSettled(page);
    }
  }
}
