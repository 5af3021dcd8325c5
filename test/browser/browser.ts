import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const screenshotDir = path.join(process.cwd(), 'test-results', 'screenshots');

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
};

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

export async function loginAs(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('linli-demo-2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** A new page in Chinese at the viewport, signed in as the user once the console shows who is signed in. */
export async function openSignedIn(browser: Browser, baseUrl: string, username: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'zh-CN' });
  await loginAs(page, baseUrl, username);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

/** Nothing reaches past the right edge of the screen; photographed once drawers have slid in and messages faded in. */
export async function look(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(600);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await screenshot(page, name);
}

/**
 * Clicks the option until its dropdown has closed, so that the next select's options are not looked for in
 * this one's. A click can land on a list still sliding open beside an opening drawer, or on one a search is
 * about to redraw: the dropdown then stays open with nothing chosen, and the option is clicked again.
 */
async function clickOption(page: Page, option: string | RegExp, open: () => Promise<void>): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  // Opened first whatever is open now: another select's list may still be showing.
  await open();
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && !(await dropdown.count())) await open();
    await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
    try {
      await expect.poll(() => dropdown.count(), { timeout: 5_000 }).toBe(0);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Picks the first option holding `option` in the select with the test id. */
export async function choose(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await clickOption(page, option, () => page.getByTestId(testId).last().click());
}

/**
 * Picks the option named exactly `option` (a building "1号楼" is not "11号楼"), typed into the select's
 * search first: a building has hundreds of homes and the list draws only those scrolled into view.
 */
export async function chooseExactly(page: Page, testId: string, option: string): Promise<void> {
  const exactly = new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await clickOption(page, exactly, async () => {
    await page.getByTestId(testId).last().click();
    await page.keyboard.type(option);
  });
}
