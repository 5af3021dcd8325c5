import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
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

/** The bell opens the inbox: its items, or the empty state when there are none. */
async function openInbox(page: Page, name: string) {
  await page.getByTestId('notification-bell').click();
  const drawer = page.getByTestId('notification-drawer');
  await drawer.locator('[data-testid="notifications-empty"], [data-testid="notification-item"]').first().waitFor();
  expect(await drawer.innerText()).toContain('全部已读');
  await page.waitForTimeout(400); // the drawer slides in
  await expectNoSidewaysScroll(page);
  await screenshot(page, `notifications-${name}`);
  const readAll = drawer.getByTestId('notifications-read-all');
  if (await readAll.isEnabled()) {
    // Unread items: 全部已读 clears them, and the bell's number goes with them.
    await readAll.click();
    await drawer.locator('[data-testid="notifications-read-all"][disabled]').waitFor();
    await page.locator('[data-testid="notification-count"] .ant-badge-count').waitFor({ state: 'detached' });
  }
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });
}

/** Admin: a new webhook, its secret shown once, then in the list without it. */
async function createWebhook(page: Page, name: string) {
  await page.goto(`${baseUrl}/webhooks`);
  await page.getByTestId('webhook-new').click();
  await page.getByTestId('webhook-name').fill(`短信网关（${name}）`);
  await page.getByTestId('webhook-url').fill('https://sms.example.cn/linli/hook');
  await page.getByTestId('webhook-submit').click();
  const secret = page.getByTestId('webhook-secret');
  await secret.waitFor();
  const text = (await secret.innerText()).trim();
  expect(text).toMatch(/^[0-9a-f]{64}$/);
  await page.waitForTimeout(400); // the dialog fades in
  await expectNoSidewaysScroll(page);
  await screenshot(page, `webhook-secret-${name}`);
  await page.getByTestId('webhook-secret-done').click();
  await secret.waitFor({ state: 'detached' });
  const row = page.locator('.ant-table-row', { hasText: `短信网关（${name}）` });
  await row.waitFor();
  expect(await row.innerText()).toContain('全部事件');
  expect(await page.content()).not.toContain(text);
  await expectNoSidewaysScroll(page);
  await screenshot(page, `webhooks-${name}`);
  return row;
}

describe('notifications and webhooks, in Chinese', () => {
  it('an admin sees the inbox, creates a webhook and sees its secret once, on a desktop', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'admin');
    await page.getByTestId('notification-bell').waitFor();
    await openInbox(page, 'desktop');
    await page.locator('.ant-menu-item', { hasText: 'Webhook 推送' }).click();
    const row = await createWebhook(page, 'desktop');
    // The dead letters of a new webhook: none yet.
    await row.getByTestId('webhook-dead').click();
    await page.getByTestId('dead-letters').getByTestId('dead-empty').waitFor();
    await page.getByTestId('dead-letters').locator('.ant-drawer-close').click();
    // Switched off, then deleted after a confirmation.
    await row.getByTestId('webhook-active').click();
    await row.locator('.ant-switch:not(.ant-switch-checked)').waitFor();
    await row.getByTestId('webhook-delete').click();
    await page.getByTestId('webhook-delete-confirm').click();
    await row.waitFor({ state: 'detached' });
    await page.close();
  });

  it('fits a phone: the bell, the inbox and the webhooks page', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'admin');
    await page.getByTestId('notification-bell').waitFor();
    await expectNoSidewaysScroll(page);
    await openInbox(page, 'phone');
    await createWebhook(page, 'phone');
    await page.close();
  });

  it('shows the bell to staff, but not the webhooks menu', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.getByTestId('notification-bell').waitFor();
    await page.locator('.ant-menu-item', { hasText: '账号' }).first().waitFor();
    expect(await page.locator('.ant-menu-item', { hasText: 'Webhook 推送' }).count()).toBe(0);
    await page.close();
  });
});
