import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
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

/** What the lists of a Select (options) and of a TreeSelect (nodes) are made of. */
const optionItem = '.ant-select-item-option';
const treeNodeItem = '.ant-select-tree-node-content-wrapper';

/**
 * Clicks the option until its dropdown has closed, so that the next select's options are not looked for in
 * this one's. A click can land on a list still sliding open beside an opening drawer, or on one a search is
 * about to redraw: the dropdown then stays open with nothing chosen, and the option is clicked again.
 */
async function clickOption(page: Page, option: string | RegExp, open: () => Promise<void>, item = optionItem): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  // Opened first whatever is open now: another select's list may still be showing.
  await open();
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && !(await dropdown.count())) await open();
    await dropdown.locator(item, { hasText: option }).first().click();
    try {
      await expect.poll(() => dropdown.count(), { timeout: 5_000 }).toBe(0);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Picks the first option holding `option` (the first of all when empty) in the select the locator finds. */
export async function chooseIn(page: Page, select: Locator, option: string | RegExp = ''): Promise<void> {
  await clickOption(page, option, () => select.click());
}

/** Ticks the option holding `option` in a select of several values (its list stays open for more), then closes the list. */
export async function chooseAmong(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown.locator(optionItem, { hasText: option }).first().click();
  await dropdown.locator('.ant-select-item-option-selected', { hasText: option }).first().waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(() => dropdown.count()).toBe(0);
}

/** Picks the first option holding `option` in the select with the test id. */
export async function choose(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await chooseIn(page, page.getByTestId(testId).last(), option);
}

/** A pattern that matches `text` and nothing longer. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Picks the option named exactly `option` (a building "1号楼" is not "11号楼"), typed into the select's
 * search first: a building has hundreds of homes and the list draws only those scrolled into view.
 */
export async function chooseExactly(page: Page, testId: string, option: string): Promise<void> {
  await clickOption(page, exactly(option), async () => {
    await page.getByTestId(testId).last().click();
    await page.keyboard.type(option);
  });
}

/** Types `search` into the input the locator finds and picks the suggestion holding `option` (an AutoComplete, a searchable select). */
export async function chooseSuggestion(page: Page, input: Locator, search: string, option: string | RegExp = search): Promise<void> {
  await clickOption(page, option, () => input.fill(search));
}

/** Types `search` into a TreeSelect and picks the node holding `node`. */
export async function chooseTreeNode(page: Page, select: Locator, search: string, node: string | RegExp): Promise<void> {
  await clickOption(page, node, async () => {
    await select.click();
    await page.keyboard.type(search);
  }, treeNodeItem);
}
