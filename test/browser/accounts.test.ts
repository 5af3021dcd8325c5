import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.ts';
import { launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** A demo resident with a phone, as the community registered them: the applicant in this story. */
function demoResident() {
  const demo = generateDemo();
  const community = demo.areas.find((a) => a.level === 'community')!.code;
  return { community, ...demo.residents.find((r) => r.communityCode === community && r.relation === 'head' && r.phone)! };
}

async function fill(page: Page, label: string, value: string) {
  await page.locator('.adm-form-item', { hasText: label }).first().locator('input').fill(value);
}

describe('a resident signs up and staff verify the household', () => {
  const resident = demoResident();

  it('signs up on a phone and waits for verification', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('register-link').click();
    await fill(page, '用户名', 'newneighbour');
    await fill(page, '密码', 'neighbour-pass-2026');
    await fill(page, '称呼', '新邻居');
    await fill(page, '社区编码', '330212999999');
    await fill(page, '住址', `${resident.buildingCode} ${resident.unit}单元 ${resident.room}`);
    await fill(page, '姓名', resident.name);
    await fill(page, '手机号', resident.phone!);
    await page.getByTestId('register-submit').click();
    // A wrong community code is said on its field, in words a resident can act on.
    await page.locator('.adm-form-item', { hasText: '社区编码不正确' }).first().waitFor();
    await fill(page, '社区编码', resident.community);
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-done').waitFor();
    await screenshot(page, 'register-done-phone');
    await page.close();
  });

  it('lets staff approve the claim from the exact-match suggestion', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await page.goto(`${baseUrl}/claims`);
    await page.getByTestId('claim-approve').first().click();
    await page.getByTestId('claim-suggestion').first().click();
    await screenshot(page, 'claim-approve-desktop');
    await page.getByTestId('claim-approve-confirm').click();
    await page.getByTestId('claims-empty').waitFor();
    await page.close();
  });

  it('shows the verified resident their household', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill('newneighbour');
    await page.getByLabel('密码').fill('neighbour-pass-2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/m/);
    await page.locator(`text=${resident.room}`).first().waitFor();
    await screenshot(page, 'verified-resident-phone');
    // Their own record, in full, on 我的资料.
    await page.goto(`${baseUrl}/m/profile`);
    await page.locator(`text=${resident.name}`).first().waitFor();
    await page.close();
  });

  it('tells a rejected applicant why, and lets them apply again', async () => {
    const phone = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await phone.goto(`${baseUrl}/register`);
    for (const [label, value] of [['用户名', 'wrongaddress'], ['密码', 'neighbour-pass-2026'], ['称呼', '李阿姨'], ['社区编码', resident.community],
      ['住址', '不存在的楼'], ['姓名', '李某'], ['手机号', '13900000002']]) await fill(phone, label, value);
    await phone.getByTestId('register-submit').click();
    await phone.getByTestId('register-done').waitFor();
    const desk = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(desk, baseUrl, 'staff');
    await desk.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await desk.goto(`${baseUrl}/claims`);
    await desk.getByTestId('claim-reject').first().click();
    await desk.getByTestId('claim-reject-reason').fill('住址不详，请补充楼栋单元房号');
    await desk.getByTestId('claim-reject-confirm').click();
    await desk.getByTestId('claims-empty').waitFor();
    await desk.close();
    await phone.goto(`${baseUrl}/login`);
    await phone.getByLabel('用户名').fill('wrongaddress');
    await phone.getByLabel('密码').fill('neighbour-pass-2026');
    await phone.getByRole('button', { name: /登\s*录/ }).click();
    await phone.getByTestId('claim-rejected').waitFor();
    await phone.locator('text=住址不详，请补充楼栋单元房号').first().waitFor();
    await fill(phone, '住址', `${resident.buildingCode} ${resident.unit}单元 ${resident.room}`);
    await fill(phone, '姓名', '李某');
    await fill(phone, '手机号', '13900000002');
    await phone.getByTestId('reapply-submit').click();
    await phone.getByTestId('claim-pending').waitFor();
    await screenshot(phone, 'reapplied-phone');
    await phone.close();
  });
});
