import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('staff console, in Chinese', () => {
  it('logs in to the map of the demo, marked as demo data', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('demo-badge').first().isVisible()).resolves.toBe(true);
    await page.waitForTimeout(1500);
    await screenshot(page, 'map-desktop');
    await page.close();
  });

  it('walks the map: a click on a building opens its units and households, then a household its residents, masked', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    // The middle of a residential building's footprint, from the API the map draws from.
    const target = await page.evaluate(async () => {
      const areas = await (await fetch('/api/areas?level=community')).json();
      const layers = await (await fetch(`/api/map?areaId=${areas.items[0].id}`)).json();
      const building = layers.buildings.features.find((f: { properties: { households: number } }) => f.properties.households > 0);
      const ring: [number, number][] = building.geometry.coordinates[0];
      const mean = (k: 0 | 1) => ring.slice(0, -1).reduce((sum, p) => sum + p[k], 0) / (ring.length - 1);
      return { name: building.properties.name as string, lon: mean(0), lat: mean(1) };
    });
    type Hooks = { linliMap?: { settled(): boolean; pagePoint(lon: number, lat: number): { x: number; y: number } } };
    await page.waitForFunction(() => (window as unknown as Hooks).linliMap?.settled() === true, undefined, { timeout: 60_000 });
    const point = await page.evaluate(({ lon, lat }) => (window as unknown as Hooks).linliMap!.pagePoint(lon, lat), target);
    await page.mouse.click(point.x, point.y);
    const units = page.getByTestId('unit-households').first();
    await units.waitFor();
    expect(await page.locator('.ant-drawer').first().innerText()).toContain(target.name);
    await units.locator('.ant-table-row, .ant-list-item').first().click();
    await page.getByTestId('reveal').first().waitFor();
    expect(await page.locator('text=/^.\\*+$/').count()).toBeGreaterThan(0);
    await page.waitForTimeout(500); // let the drawer finish sliding in before the picture
    await screenshot(page, 'map-household-desktop');
    await page.close();
  });

  it('walks building → households → residents, masked, and reveals one with a reason', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await page.goto(`${baseUrl}/buildings`);
    // A residential building: the first rows are community service buildings without households.
    await page.locator('.ant-table-row', { hasText: '号楼' }).first().click();
    const units = page.getByTestId('unit-households').first();
    await units.waitFor();
    await units.locator('.ant-table-row, .ant-list-item').first().click();
    const reveal = page.getByTestId('reveal').first();
    await reveal.waitFor();
    const masked = await page.locator('text=/^.\\*+$/').first().textContent();
    expect(masked).toMatch(/^.\*+$/);
    await reveal.click();
    await page.getByTestId('reveal-reason').fill('入户走访核实');
    await page.getByRole('button', { name: /确\s*定|查\s*看/ }).last().click();
    await page.locator('text=/^1[3-9]\\d{9}$/').first().waitFor();
    await screenshot(page, 'reveal-desktop');
    await page.close();
  });

  it('adds a resident to a household: a bad phone is shown on its field, a good one is saved masked', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await page.goto(`${baseUrl}/buildings`);
    await page.locator('.ant-table-row', { hasText: '号楼' }).nth(1).click();
    await page.getByTestId('unit-households').first().locator('.ant-table-row, .ant-list-item').first().click();
    await page.getByTestId('resident-add').click();
    await page.getByTestId('resident-name').fill('欧阳新来');
    await page.getByTestId('resident-phone').fill('12345678901');
    await page.getByTestId('resident-add-submit').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '手机号码格式不正确' }).waitFor();
    await screenshot(page, 'resident-add-error-desktop');
    await page.getByTestId('resident-phone').fill('13912340000');
    await page.getByTestId('resident-add-submit').click();
    await page.locator('text=139****0000').first().waitFor();
    await page.close();
  });

  it('reports a bad import row by row, column and reason, and writes nothing', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await page.goto(`${baseUrl}/imports`);
    const csv = ['楼栋编号,单元,房号,居住状态', 'HM-01-01,9,9901,自住', 'NO-SUCH,1,101,自住'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-check').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    expect(text).toContain('3');
    expect(text).toContain('楼栋编号');
    expect(text).toContain('NO-SUCH');
    await screenshot(page, 'import-error-desktop');
    const households = await page.evaluate(async () => (await (await fetch('/api/households?unit=9&limit=5')).json()).items.length);
    expect(households).toBe(0);
    await page.close();
  });

  it('is usable at phone size', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'grid');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await screenshot(page, 'map-phone');
    await page.close();
  });
});

describe('language', () => {
  it('keeps English chosen on the login page on the account, for the next device too', async () => {
    const first = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await first.goto(`${baseUrl}/login`);
    await first.getByText('EN', { exact: true }).click();
    await first.getByLabel('Username').fill('property');
    await first.getByLabel('Password').fill('linli-demo-2026');
    await first.getByRole('button', { name: 'Log in' }).click();
    await first.getByText('Area map').first().waitFor();
    await first.close();
    // A fresh browser, with no choice stored, speaks the account's language.
    const context = await browser.newContext({ viewport: viewports.desktop, locale: 'zh-CN' });
    const second = await context.newPage();
    await second.goto(`${baseUrl}/login`);
    await second.getByLabel('用户名').fill('property');
    await second.getByLabel('密码').fill('linli-demo-2026');
    await second.getByRole('button', { name: /登\s*录/ }).click();
    await second.getByText('Area map').first().waitFor();
    await context.close();
  });
});

describe('resident pages', () => {
  it('shows a resident their own household on a phone', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'resident');
    await page.waitForURL(/\/m/);
    await page.locator('text=/和睦社区/').first().waitFor();
    await screenshot(page, 'resident-phone');
    await page.close();
  });
});
