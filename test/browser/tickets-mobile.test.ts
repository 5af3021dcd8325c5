import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MapAutomation } from '../../web/src/map/MapManager.ts';
import { launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let photo: Buffer;
/** The ticket the first test carries from report to rating; the layout checks open its pages again. */
let ticketId: number;
beforeAll(async () => {
  browser = await launchChromium();
  photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#b85' } }).jpeg().toBuffer();
});
afterAll(async () => browser?.close());

type LonLat = { lon: number; lat: number };

async function phone(options: { geolocation?: LonLat } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const geo = options.geolocation;
  const context = await browser.newContext({
    viewport: viewports.phone, locale: 'zh-CN', isMobile: true, hasTouch: true,
    ...(geo ? { geolocation: { longitude: geo.lon, latitude: geo.lat }, permissions: ['geolocation'] } : {}),
  });
  return { context, page: await context.newPage() };
}

/**
 * A point the demo's grid worker handles: the middle of the grid `grid` holds (GET /api/areas/:id, read as
 * `grid`), which must lie in the community of the demo resident's household for the loop to close.
 */
async function pointInGridOf(gridPage: Page, residentPage: Page): Promise<LonLat> {
  const grid = await gridPage.evaluate(async () => {
    const me = await (await fetch('/api/auth/me')).json();
    return (await fetch(`/api/areas/${me.roles[0].areaId}`)).json();
  });
  const residentCommunity = await residentPage.evaluate(async () => (await (await fetch('/api/auth/me')).json()).roles[0].areaId);
  expect(grid.level).toBe('grid');
  expect(grid.communityId).toBe(residentCommunity);
  const [west, south, east, north] = grid.bbox as number[];
  return { lon: (west + east) / 2, lat: (south + north) / 2 };
}

/** Taps the map where a point is drawn, as a finger does (the map tells where, under automation only). */
async function tapMapAt(page: Page, point: LonLat) {
  await page.getByTestId('pin-map').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (window as unknown as { linliMap?: MapAutomation }).linliMap?.settled());
  const at = await page.evaluate((p) => (window as unknown as { linliMap: MapAutomation }).linliMap.pagePoint(p.lon, p.lat), point);
  await page.touchscreen.tap(at.x, at.y);
}

async function report(page: Page, point: LonLat, description: string): Promise<number> {
  await page.goto(`${baseUrl}/m/tickets`);
  await page.getByTestId('report-start').click();
  await page.getByTestId('report-photos-album').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('report-photos').locator('.adm-image-uploader-cell img').waitFor();
  await tapMapAt(page, point);
  expect(await page.getByTestId('location-hint').innerText()).toContain('已标出位置');
  await page.getByTestId('report-category').getByRole('option', { name: '安全隐患' }).click();
  await page.getByTestId('report-description').locator('textarea').fill(description);
  await page.getByTestId('report-address').locator('input').fill('第1网格 3 号楼楼道');
  await screenshot(page, 'm-tickets-report-phone');
  await page.getByTestId('report-submit').click();
  // Demo tickets of the same kind may lie within 50 m: then the app asks whether it is the same matter.
  const ticketPage = page.waitForURL(/\/m\/tickets\/\d+$/);
  const offered = page.getByTestId('duplicates');
  await Promise.race([ticketPage, offered.waitFor()]);
  if (await offered.isVisible()) {
    await screenshot(page, 'm-tickets-duplicates-phone');
    await page.getByTestId('duplicate-submit').click();
  }
  await ticketPage;
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** The worker's steps, each a big button the server offers in `actions`. */
async function handle(page: Page, id: number) {
  await page.goto(`${baseUrl}/m/tasks`);
  const card = page.locator(`[data-ticket-id="${id}"]`);
  await card.waitFor();
  expect(await card.getByTestId('countdown').innerText()).toMatch(/签收(剩余|已超时)/);
  expect(await card.getByTestId('task-distance').innerText()).toMatch(/距您 \d+ 米/);
  await screenshot(page, 'm-tasks-queue-phone');
  await card.click();
  await page.getByTestId('action-accept').click();
  await page.getByTestId('action-arrive').click();
  await page.getByTestId('action-resolve').click();
  await page.getByTestId('resolve-note').locator('textarea').fill('已将电动车移到充电棚，并提醒车主不要在楼道充电');
  await page.getByTestId('resolve-photos-album').setInputFiles({ name: '处理后.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('resolve-photos').locator('.adm-image-uploader-cell img').waitFor();
  await page.getByTestId('resolve-submit').click();
  const resolved = page.getByTestId('timeline-resolved');
  await resolved.waitFor();
  // Photos load as they scroll into view.
  await resolved.scrollIntoViewIfNeeded();
  await resolved.getByTestId('ticket-photos').locator('img').waitFor();
  expect(await page.getByTestId('ticket-summary').getByTestId('ticket-status').innerText()).toBe('待评价');
  await screenshot(page, 'm-task-resolved-phone');
}

async function rate(page: Page, id: number) {
  await page.goto(`${baseUrl}/m/tickets/${id}`);
  await page.getByTestId('action-rate').click();
  await page.getByTestId('rate-solved').getByRole('option', { name: '解决了' }).click();
  await page.getByTestId('rate-rating').getByRole('option', { name: '满意', exact: true }).click();
  await page.getByTestId('rate-submit').click();
  await page.getByTestId('timeline-rated').waitFor();
  expect(await page.getByTestId('ticket-summary').getByTestId('ticket-status').innerText()).toBe('已办结');
  await page.waitForTimeout(2500); // the thank-you toast fades
  await screenshot(page, 'm-ticket-rated-phone');
}

describe('the service loop on the phone (随手拍 → 我的任务), in Chinese', () => {
  it('takes a resident’s report with a photo through the grid worker to a satisfied rating', async () => {
    const resident = await phone();
    await loginAs(resident.page, baseUrl, 'resident');
    await resident.page.waitForURL(`${baseUrl}/m`);
    // The grid worker is signed in before the report: a safety hazard must be accepted within a minute.
    const gridLogin = await phone();
    await loginAs(gridLogin.page, baseUrl, 'grid');
    await gridLogin.page.waitForURL((url) => url.pathname === '/');
    const point = await pointInGridOf(gridLogin.page, resident.page);
    await gridLogin.context.close();
    const grid = await phone({ geolocation: { lon: point.lon + 0.001, lat: point.lat } });
    await loginAs(grid.page, baseUrl, 'grid');
    await grid.page.waitForURL((url) => url.pathname === '/');

    ticketId = await report(resident.page, point, `楼道里有电动车在充电，堵住了消防通道（${Date.now()}）`);
    const countdown = resident.page.getByTestId('ticket-summary').getByTestId('countdown');
    expect(await countdown.innerText()).toMatch(/^签收(剩余 \d\d:\d\d|已超时 \d+ 分钟)$/);
    await screenshot(resident.page, 'm-ticket-reported-phone');
    await resident.page.getByTestId('timeline-created').scrollIntoViewIfNeeded();
    await resident.page.getByTestId('timeline-created').getByTestId('ticket-photos').locator('img').waitFor();

    await handle(grid.page, ticketId);

    // 我的反映: the report is listed; now resolved, it waits for the rating.
    await resident.page.getByTestId('tab-/m/tickets').click();
    const mine = resident.page.locator(`[data-ticket-id="${ticketId}"]`);
    await mine.waitFor();
    expect(await mine.getByTestId('ticket-status').innerText()).toBe('待评价');
    await screenshot(resident.page, 'm-my-tickets-phone');
    await rate(resident.page, ticketId);
    await Promise.all([resident.context.close(), grid.context.close()]);
  });

  it('shows a live countdown in 我的反映 while the ticket waits to be accepted', async () => {
    const { context, page } = await phone();
    await loginAs(page, baseUrl, 'resident');
    await page.waitForURL(`${baseUrl}/m`);
    const grid = await browser.newPage();
    await loginAs(grid, baseUrl, 'grid');
    await grid.waitForURL((url) => url.pathname === '/');
    const point = await pointInGridOf(grid, page);
    await grid.close();
    const id = await report(page, { lon: point.lon - 0.0008, lat: point.lat + 0.0005 }, `小区绿地边的井盖松动（${Date.now()}）`);
    await page.getByTestId('tab-/m/tickets').click();
    const countdown = page.locator(`[data-ticket-id="${id}"]`).getByTestId('countdown');
    const first = await countdown.innerText();
    await page.waitForTimeout(1500);
    expect(await countdown.innerText()).not.toBe(first);
    expect(first).toMatch(/^签收剩余 00:\d\d$/);
    await screenshot(page, 'm-my-tickets-countdown-phone');
    // The reporter may still take it back while nobody has accepted it.
    await page.locator(`[data-ticket-id="${id}"]`).click();
    await page.getByTestId('action-withdraw').click();
    await page.getByTestId('withdraw-submit').click();
    await page.getByText('这条反映已撤回。').waitFor();
    await context.close();
  });

  it('draws the community’s buildings on the report map and names the one the pin is in', async () => {
    const { context, page } = await phone();
    await loginAs(page, baseUrl, 'resident');
    await page.waitForURL(`${baseUrl}/m`);
    await page.goto(`${baseUrl}/m/tickets/new`);
    type Building = { name: string; footprint: { coordinates: number[][][] } };
    const [area] = await page.evaluate(async () => (await (await fetch('/api/tickets/report-areas')).json()).items as { buildings: Building[] }[]);
    expect(area.buildings.length).toBeGreaterThan(10);
    // The middle of a building's outline (a rectangle in the demo), its closing corner left out.
    const building = area.buildings[area.buildings.length >> 1];
    const corners = building.footprint.coordinates[0].slice(0, -1);
    await tapMapAt(page, { lon: corners.reduce((sum, c) => sum + c[0], 0) / corners.length, lat: corners.reduce((sum, c) => sum + c[1], 0) / corners.length });
    expect(await page.getByTestId('location-building').innerText()).toBe(`位于${building.name}`);
    expect(await page.getByTestId('location-hint').innerText()).toContain('已标出位置');
    await screenshot(page, 'm-tickets-report-building-phone');
    await context.close();
  });

  it('lays the phone pages out without sideways scrolling on a phone and on a desktop', async () => {
    const pages = { resident: ['/m/tickets', '/m/tickets/new', `/m/tickets/${ticketId}`], grid: ['/tasks', `/m/tasks/${ticketId}`] };
    for (const [name, viewport] of Object.entries(viewports)) {
      for (const [username, paths] of Object.entries(pages)) {
        const page = await browser.newPage({ viewport, locale: 'zh-CN' });
        await loginAs(page, baseUrl, username);
        await page.waitForURL((url) => !url.pathname.startsWith('/login'));
        for (const path of paths) {
          await page.goto(`${baseUrl}${path}`);
          await page.locator('.linli-m-body').getByText(/./).first().waitFor();
          await page.waitForLoadState('networkidle');
          // The console's menu entry (/tasks) leads out to the phone queue.
          if (path === '/tasks') expect(new URL(page.url()).pathname).toBe('/m/tasks');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect({ path, overflow }).toEqual({ path, overflow: 0 });
          await screenshot(page, `m-tickets-layout-${name}-${username}${path.replace(/\//g, '_')}`);
        }
        await page.close();
      }
    }
  });
});
