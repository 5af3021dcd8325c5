import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseIn, chooseTreeNode, launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
const desktop = { width: 1366, height: 900 };
const tabs = ['categories', 'routing', 'ladder', 'calendar'] as const;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** Nothing on the page reaches past the right edge of the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

async function openSettings(page: Page, username: string) {
  await loginAs(page, baseUrl, username);
  await page.getByTestId('user-menu').waitFor();
  await page.goto(`${baseUrl}/tickets/settings`);
  await page.getByTestId('settings-applies-next').waitFor();
}

/** Each tab in turn: shown, nothing sideways, a screenshot. */
async function visitTabs(page: Page, name: string) {
  for (const tab of tabs) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForTimeout(300); // the tab slides in
    await expectNoSidewaysScroll(page);
    await screenshot(page, `ticket-settings-${tab}-${name}`);
  }
  await page.getByTestId('tab-categories').click();
}

/** The settings as the API has them now, read by the signed-in page. */
function settingsNow(page: Page) {
  return page.evaluate(async () => (await fetch('/api/ticket-settings')).json());
}

async function apiSend(page: Page, method: string, path: string, body: unknown) {
  return page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch('/api/auth/me')).json();
    const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
    return res.status;
  }, { method, path, body });
}

/** 绿化养护's accept limit edited in its row: 2 小时. */
async function changeAcceptLimit(page: Page, name: string) {
  const row = page.getByTestId('category-greening');
  await row.getByTestId('category-edit-limits').click();
  await row.locator('[data-testid="limit-acceptMinutes"] input, input[data-testid="limit-acceptMinutes"]').first().fill('2');
  await chooseIn(page, row.getByTestId('limit-acceptMinutes-unit'), '小时');
  await expectNoSidewaysScroll(page);
  await screenshot(page, `ticket-settings-edit-limits-${name}`);
  await row.getByTestId('category-save').click();
  await row.getByText('2 小时').waitFor();
  const greening = (await settingsNow(page)).categories.find((c: { code: string }) => c.code === 'greening');
  expect(greening.acceptMinutes).toBe(120);
}

/** A holiday next year, marked and then removed again so the shared demo keeps its calendar. */
async function markHoliday(page: Page, name: string) {
  const year = new Date().getFullYear() + 1;
  await page.getByTestId('tab-calendar').click();
  await page.getByTestId('calendar-year').getByText(String(year)).click();
  // The second Friday of October: a weekday, so it defaults to a holiday.
  const friday = new Date(Date.UTC(year, 9, 8));
  while (friday.getUTCDay() !== 5) friday.setUTCDate(friday.getUTCDate() + 1);
  const day = friday.toISOString().slice(0, 10);
  await page.getByTestId('calendar-date').fill(day);
  expect(await page.getByTestId('calendar-kind').innerText()).toContain('法定节假日');
  await page.getByTestId('calendar-name').fill('测试假日');
  await page.getByTestId('calendar-add').click();
  const row = page.getByTestId('calendar-day').filter({ hasText: day });
  await row.waitFor();
  expect(await row.innerText()).toContain('测试假日');
  expect((await settingsNow(page)).calendarDays).toContainEqual({ day, working: false, name: '测试假日' });
  await page.waitForTimeout(300);
  await expectNoSidewaysScroll(page);
  await screenshot(page, `ticket-settings-holiday-${name}`);
  await row.getByTestId('calendar-remove').click();
  await row.waitFor({ state: 'detached' });
}

/** 噪音扰民 in 和睦社区 straight to a department: added, saved, read back; then removed again. */
async function addRoutingRule(page: Page, name: string) {
  await page.getByTestId('tab-routing').click();
  await page.getByTestId('routing-edit').click();
  await page.getByTestId('routing-add').click();
  const rule = page.getByTestId('routing-rule').last();
  await chooseIn(page, rule.getByTestId('rule-category'), '噪音扰民');
  await chooseTreeNode(page, rule.getByTestId('rule-area'), '和睦', '和睦社区');
  await chooseIn(page, rule.getByTestId('rule-target'), '职能部门');
  await chooseIn(page, rule.getByTestId('rule-department'));
  await page.waitForTimeout(300);
  await expectNoSidewaysScroll(page);
  await screenshot(page, `ticket-settings-routing-edit-${name}`);
  await page.getByTestId('routing-save').click();
  await page.getByTestId('routing-edit').waitFor();
  const saved = page.getByTestId('routing-rule').last();
  expect(await saved.innerText()).toMatch(/噪音扰民[\s\S]*和睦社区[\s\S]*职能部门/);
  const rules = (await settingsNow(page)).routingRules;
  expect(rules.at(-1)).toMatchObject({ categoryCode: 'noise', target: 'department' });
  await page.getByTestId('routing-edit').click();
  await page.getByTestId('routing-rule').last().getByLabel('删除').click();
  await page.getByTestId('routing-save').click();
  await page.getByTestId('routing-edit').waitFor();
  expect((await settingsNow(page)).routingRules).toHaveLength(rules.length - 1);
}

describe('接诉即办设置, in Chinese', () => {
  for (const [name, viewport] of [['desktop', desktop], ['phone', viewports.phone]] as const) {
    it(`an admin changes a category's accept limit and marks a holiday (${name})`, async () => {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' });
      await openSettings(page, 'admin');
      expect(await page.getByTestId('settings-read-only').count()).toBe(0);
      await visitTabs(page, `admin-${name}`);
      await page.getByTestId('category-new').click();
      await page.getByTestId('category-code').waitFor();
      await page.waitForTimeout(400); // the dialog fades in
      await expectNoSidewaysScroll(page);
      await screenshot(page, `ticket-settings-new-category-${name}`);
      await page.locator('.ant-modal-close').click();
      await changeAcceptLimit(page, name);
      await addRoutingRule(page, name);
      await markHoliday(page, name);
      expect(await apiSend(page, 'PATCH', '/api/ticket-categories/greening', { acceptMinutes: 60 })).toBe(200);
      await page.close();
    });

    it(`community staff read everything and set only their community's ladder (${name})`, async () => {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' });
      await openSettings(page, 'staff');
      await page.getByTestId('settings-read-only').waitFor();
      expect(await page.getByTestId('category-new').count()).toBe(0);
      expect(await page.getByTestId('category-edit-limits').count()).toBe(0);
      expect(await page.locator('[data-testid="category-active"]:not(.ant-switch-disabled)').count()).toBe(0);
      await visitTabs(page, `staff-${name}`);
      await page.getByTestId('tab-routing').click();
      expect(await page.getByTestId('routing-edit').count()).toBe(0);
      await page.getByTestId('tab-calendar').click();
      expect(await page.getByTestId('calendar-add').count()).toBe(0);

      await page.getByTestId('tab-ladder').click();
      expect(await page.getByTestId('ladder-default-edit').count()).toBe(0);
      const { escalation } = await settingsNow(page);
      expect(escalation.communities).toHaveLength(1);
      const card = page.getByTestId(`ladder-community-${escalation.communities[0].communityId}`);
      await card.getByTestId(`ladder-community-${escalation.communities[0].communityId}-edit`).click();
      await card.locator('input').first().fill('5');
      await expectNoSidewaysScroll(page);
      await screenshot(page, `ticket-settings-ladder-editing-${name}`);
      await card.getByTestId(`ladder-community-${escalation.communities[0].communityId}-save`).click();
      await card.getByText('本社区阶梯').waitFor();
      expect((await settingsNow(page)).escalation.communities[0].steps[0]).toEqual({ level: 1, minutes: 5 });
      await page.waitForTimeout(300);
      await expectNoSidewaysScroll(page);
      await screenshot(page, `ticket-settings-own-ladder-${name}`);
      await card.getByText('恢复默认').click();
      await page.locator('.ant-popover:visible').getByRole('button', { name: /确\s*定/ }).click();
      await card.getByText('使用默认阶梯').waitFor();
      await page.close();
    });
  }
});
