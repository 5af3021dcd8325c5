import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { choose, launchChromium, look, openSignedIn, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let photo: Buffer;
beforeAll(async () => {
  browser = await launchChromium();
  photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#8a6' } }).jpeg().toBuffer();
});
afterAll(async () => browser?.close());

const sizes = { desktop: { width: 1366, height: 900 }, phone: viewports.phone };
type Size = keyof typeof sizes;

const signIn = (username: string, size: Size) => openSignedIn(browser, baseUrl, username, sizes[size]);

interface MapHooks {
  settled(): boolean;
  pagePoint(lon: number, lat: number): { x: number; y: number };
  ticketIds(): number[];
}
type MapElement = HTMLElement & { linliMap?: MapHooks };

/** Ticket maps answer browser tests through hooks on their container element, once settled. */
async function settledMap(map: Locator): Promise<Locator> {
  await expect.poll(() => map.evaluate((el) => (el as MapElement).linliMap?.settled() ?? false), { timeout: 30_000 }).toBe(true);
  return map;
}

async function clickMapAt(page: Page, map: Locator, [lon, lat]: [number, number]) {
  const at = await (await settledMap(map)).evaluate((el, point) => (el as MapElement).linliMap!.pagePoint(point[0], point[1]), [lon, lat]);
  await page.mouse.click(at.x, at.y);
}

async function ticketsOnMap(map: Locator): Promise<number[]> {
  return (await settledMap(map)).evaluate((el) => (el as MapElement).linliMap!.ticketIds());
}

/** The middle of the signed-in user's first grid: where the calls in these tests come from. */
async function firstGridCentre(page: Page): Promise<[number, number]> {
  return page.evaluate(async () => {
    const grids = await (await fetch('/api/areas?level=grid')).json();
    const [west, south, east, north] = grids.items[0].bbox as number[];
    return [(west + east) / 2, (south + north) / 2] as [number, number];
  });
}

async function openedTicketId(page: Page): Promise<number> {
  await page.waitForURL(/\/tickets\/\d+$/, { timeout: 60_000 }); // a loaded machine answers slowly
  await page.getByTestId('ticket-timeline').waitFor();
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** 登记诉求: a 12345 call about litter, placed by a click on the map of the staff member's community. */
async function recordHotlineCall(page: Page, size: Size): Promise<{ id: number; text: string }> {
  const text = `垃圾桶满溢无人清运（${size}-${Date.now()}）`;
  await page.getByTestId('ticket-new').click();
  await page.getByTestId('create-external-id').fill(`12345-${size}-${Date.now()}`);
  await choose(page, 'create-category', '环境卫生');
  await page.getByTestId('create-description').fill(text);
  const centre = await firstGridCentre(page);
  await clickMapAt(page, page.getByTestId('ticket-picker-map'), centre);
  await expect.poll(() => page.getByTestId('picked-point').innerText()).toMatch(/^\d+\.\d{5}, \d+\.\d{5}$/);
  await page.getByTestId('create-address').fill('示范小区 3 号楼北侧');
  await page.getByTestId('create-contact-name').fill('王先生');
  await page.getByTestId('create-contact-phone').fill('13800138000');
  await look(page, `tickets-create-${size}`);
  await page.getByTestId('ticket-create-submit').click();
  const id = await openedTicketId(page);
  const drawer = page.getByTestId('ticket-drawer');
  expect(await drawer.getByTestId('ticket-facts').innerText()).toContain('12345 热线');
  expect(await drawer.getByTestId('ticket-facts').innerText()).toContain('王*');
  return { id, text };
}

async function closeDrawer(page: Page) {
  await page.getByTestId('ticket-drawer').locator('.ant-drawer-close').click();
  await page.waitForURL(/\/tickets$/);
}

/** A step in its dialog: fill it, send it, and wait for the timeline to show it. */
async function takeStep(page: Page, action: string, fill: () => Promise<void>, event: string) {
  const drawer = page.getByTestId('ticket-drawer');
  const before = await drawer.getByTestId(`timeline-${event}`).count();
  await drawer.getByTestId(`action-${action}`).click();
  await fill();
  await page.getByTestId(`action-${action}-submit`).click();
  await page.getByTestId(`action-${action}-submit`).waitFor({ state: 'hidden' }).catch(async (error: unknown) => {
    // The dialog stays open when the form or the server refused: say what it showed.
    const shown = await page.locator('.ant-modal .ant-form-item-explain-error, .ant-message-error').allInnerTexts();
    throw new Error(`${action} was not taken: ${shown.join('; ') || 'the dialog showed no error'}`, { cause: error });
  });
  await expect.poll(() => drawer.getByTestId(`timeline-${event}`).count()).toBe(before + 1);
}

/** A 12345 call about the signed-in officer's first community, recorded through the API (the UI for it is tested above). */
async function recordCallByApi(page: Page, text: string): Promise<number> {
  return page.evaluate(async (description) => {
    const me = await (await fetch('/api/auth/me')).json();
    const communities = await (await fetch('/api/areas?level=community')).json();
    const res = await fetch('/api/tickets', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ source: 'hotline_12345', categoryCode: 'public_facility', description, communityId: communities.items[0].id }),
    });
    const ticket = await res.json();
    if (!res.ok) throw new Error(JSON.stringify(ticket));
    return ticket.id as number;
  }, text);
}

describe('the service loop in the staff console (接诉即办), in Chinese', () => {
  for (const size of ['desktop', 'phone'] as const) {
    it(`staff record a 12345 call, find it in the list and on the map, and dispatch it to a grid (${size})`, async () => {
      const page = await signIn('staff', size);
      await page.goto(`${baseUrl}/tickets`);
      await page.locator('.ant-table-row').first().waitFor();
      if (size === 'phone') await page.getByTestId('filters-toggle').click();
      await page.getByTestId('filter-open').click();
      const { id, text } = await recordHotlineCall(page, size);
      await closeDrawer(page);
      // The list kept its filters while the ticket was open.
      expect(await page.locator('.ant-checkbox-wrapper-checked', { hasText: '只看未关闭' }).count()).toBe(1);
      const row = page.locator(`tr[data-row-key="${id}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain(text);
      const map = page.getByTestId('tickets-map');
      await expect.poll(() => ticketsOnMap(map), { timeout: 30_000 }).toContain(id);
      await look(page, `tickets-list-${size}`);

      if (size === 'desktop') {
        // The point on the map opens the same ticket.
        await clickMapAt(page, map, await firstGridCentre(page));
      } else await row.click();
      expect(await openedTicketId(page)).toBe(id);
      await takeStep(page, 'dispatch', async () => {
        await page.getByTestId('step-target').getByText('网格').click();
        await choose(page, 'step-grid', /网格/);
        await page.getByTestId('step-reason').fill('请网格员上门核实');
      }, 'dispatched');
      const drawer = page.getByTestId('ticket-drawer');
      expect(await drawer.getByTestId('ticket-timeline').innerText()).toContain('请网格员上门核实');
      expect(await drawer.getByTestId('ticket-timeline').innerText()).toContain('受理（12345 热线）');
      await drawer.getByTestId('ticket-status').filter({ hasText: '待签收' }).waitFor();
      await look(page, `ticket-detail-${size}`);
      await page.close();
    });

    it(`the subdistrict whistles a department, which reports (${size})`, async () => {
      const officer = await signIn('subdistrict', size);
      const text = `小区路灯损坏多日（吹哨-${size}-${Date.now()}）`;
      const id = await recordCallByApi(officer, text);
      await officer.goto(`${baseUrl}/tickets/${id}`);
      await officer.getByTestId('ticket-timeline').waitFor();
      // Escalation would take the community's accept limit on the real clock: it is sent up by hand instead.
      await takeStep(officer, 'dispatch', async () => {
        // Checked before going on: a click that misses leaves 网格 chosen, whose grid is then missing.
        const community = officer.getByTestId('step-target').locator('label', { hasText: '社区' });
        await expect.poll(async () => {
          await community.click();
          return community.evaluate((label) => label.classList.contains('ant-radio-button-wrapper-checked'));
        }).toBe(true);
        await officer.getByTestId('step-reason').fill('网格力量无法处置');
      }, 'dispatched');
      await takeStep(officer, 'whistle', async () => {
        await choose(officer, 'step-department', '住房和城乡建设局');
        await officer.getByTestId('step-reason').fill('涉及市政路灯，需住建部门处置');
      }, 'whistled');
      const timeline = officer.getByTestId('ticket-timeline');
      expect(await timeline.getByTestId('timeline-whistled').innerText()).toContain('鄞州区住房和城乡建设局');
      await look(officer, `ticket-whistled-${size}`);
      await officer.close();

      const department = await signIn('department', size);
      await department.goto(`${baseUrl}/tickets`);
      const row = department.locator(`tr[data-row-key="${id}"]`);
      await row.waitFor();
      await look(department, `tickets-department-${size}`);
      await row.click();
      const drawer = department.getByTestId('ticket-drawer');
      // antd spaces out a two-character label: 报 到.
      await drawer.getByTestId('action-accept').filter({ hasText: /报\s*到/ }).click();
      await department.getByTestId('action-accept-confirm').click();
      await drawer.getByTestId('timeline-accepted').waitFor();
      await drawer.getByTestId('ticket-status').filter({ hasText: '已签收' }).waitFor();
      expect(await drawer.getByTestId('timeline-accepted').innerText()).toMatch(/部门报到[\s\S]*住建局联络员（演示）/);
      await takeStep(department, 'note', async () => {
        await department.getByTestId('step-note').fill('已安排维修班组，明日上午更换灯具');
        await department.getByTestId('step-photos').locator('input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
      }, 'note');
      await drawer.getByTestId('timeline-note').locator('img').first().waitFor();
      await look(department, `ticket-reported-${size}`);
      await department.close();
    });

    it(`the three rates show, and export as Excel (${size})`, async () => {
      const page = await signIn('subdistrict', size);
      await page.goto(`${baseUrl}/tickets/dashboard`);
      const response = page.getByTestId('kpi-responseRate');
      await response.waitFor();
      expect(await response.innerText()).toMatch(/响应率\s+\d+(\.\d)?%/);
      expect(await page.getByTestId('kpi-satisfactionRate').innerText()).toMatch(/满意\s*\d+\s*\/\s*已评价\s*\d+/);
      await page.getByTestId('rates-chart').locator('canvas').waitFor();
      expect(await page.getByTestId('ranking-table').locator('.ant-table-row').count()).toBeGreaterThan(0);
      await page.getByTestId('group-by').getByText('社区').click();
      await page.getByTestId('ranking-table').locator('.ant-table-row', { hasText: '社区' }).first().waitFor();
      await look(page, `tickets-dashboard-${size}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('measures-export').click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const bytes = fs.readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      await page.close();
    });
  }

  it('staff import a 12345 spreadsheet: checked first, then every case at once (desktop; phone screenshot)', async () => {
    const page = await signIn('staff', 'desktop');
    await page.goto(`${baseUrl}/tickets`);
    const header = '工单编号,来电时间,诉求类别,诉求内容,地址,经度,纬度,社区,联系人,联系电话,紧急程度';
    const caseNumber = `GD-UI-${Date.now()}`;
    const text = `幸福路人行道地砖松动（导入-${caseNumber}）`;
    const file = (rows: string[]) => ({ name: '12345工单.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\r\n')) });
    await page.getByTestId('hotline-import').click();
    const modal = page.locator('.ant-modal');
    await modal.locator('input[type=file]').setInputFiles(file([`${caseNumber},2026-11-26 09:30,公共设施损坏,${text},幸福路 8 号,,,和睦社区（演示）,赵六,13812345678,一般`, `${caseNumber}-B,2026-11-26 09:40,不存在的类别,内容,,,,和睦社区（演示）,,,`]));
    await page.getByTestId('hotline-check').click();
    await page.getByTestId('import-errors').locator('.ant-table-row', { hasText: '诉求类别' }).waitFor();
    expect(await page.getByTestId('hotline-commit').isDisabled()).toBe(true);
    await look(page, 'tickets-hotline-errors-desktop');
    await modal.locator('input[type=file]').setInputFiles(file([`${caseNumber},2026-11-26 09:30,公共设施损坏,${text},幸福路 8 号,,,和睦社区（演示）,赵六,13812345678,一般`]));
    await page.getByTestId('hotline-check').click();
    await page.getByTestId('hotline-summary').filter({ hasText: '可导入 1 条' }).waitFor();
    await page.getByTestId('hotline-commit').click();
    await page.locator('.ant-message', { hasText: '已导入 1 条工单' }).waitFor();
    await page.locator('.ant-table-row', { hasText: text }).click();
    // The drawer names the hotline's own case number, which the caller quotes when they ring again.
    const facts = page.getByTestId('ticket-drawer').getByTestId('ticket-facts');
    await facts.filter({ hasText: caseNumber }).waitFor();
    expect(await facts.innerText()).toContain('来源编号');
    await look(page, 'tickets-hotline-case-desktop');
    await page.keyboard.press('Escape');
    await page.setViewportSize(sizes.phone);
    await page.getByTestId('hotline-import').click();
    await look(page, 'tickets-hotline-phone');
    await page.close();
  });
});
