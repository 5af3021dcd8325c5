import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { choose, launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let photo: Buffer;
beforeAll(async () => {
  browser = await launchChromium();
  photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#6a8' } }).jpeg().toBuffer();
});
afterAll(async () => browser?.close());

/**
 * A real finding of the demo: the signed-in staff member runs a checkup of their community through
 * the API and takes one failed indicator. A checkup per viewport, so each run starts from its own.
 */
async function runCheckupForFinding(page: Page): Promise<{ id: number; name: string }> {
  return page.evaluate(async () => {
    const me = await (await fetch('/api/auth/me')).json();
    const communities = await (await fetch('/api/areas?level=community')).json();
    const res = await fetch('/api/checkups', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ communityId: communities.items[0].id }),
    });
    const checkup = await res.json();
    if (!res.ok) throw new Error(`checkup failed: ${JSON.stringify(checkup)}`);
    const finding = checkup.results.find((r: { status: string }) => r.status === 'fail');
    return { id: finding.id as number, name: finding.name.zh as string };
  });
}

/** The text box of a form control, whether the test id sits on the input or on antd's wrapper around it. */
function input(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).last();
}

/** 推进: the button names the next status; the confirmation asks once more. */
async function advanceTo(page: Page, status: string) {
  await page.getByTestId('project-advance').click();
  await page.getByTestId('project-advance-confirm').click();
  await page.locator('[data-testid="timeline-status"]', { hasText: `→ ${status}` }).first().waitFor();
}

async function createFromFinding(page: Page, finding: { id: number; name: string }, title: string) {
  await page.goto(`${baseUrl}/projects?fromFinding=${finding.id}`);
  await page.getByTestId('project-finding').waitFor();
  expect(await page.getByTestId('project-finding').innerText()).toContain(finding.name);
  expect(await page.getByTestId('project-title').inputValue()).toContain(finding.name);
  await page.getByTestId('project-title').fill(title);
  await input(page, 'project-unit').fill('街道城建办');
  await input(page, 'project-budget').fill('300000');
  await page.getByTestId('funding-add').click();
  await choose(page, 'funding-source', '区级资金');
  await input(page, 'funding-amount').fill('250000');
  await page.getByTestId('project-start').fill('2026-12-01');
  await page.getByTestId('project-end').fill('2027-05-31');
  await page.getByTestId('project-create-submit').click();
  await page.getByTestId('project-drawer').locator('[data-testid="timeline-created"]').waitFor();
}

/** From a checkup finding to 已验收, every status in turn, with a progress note and photos on the way. */
async function carryToAcceptance(page: Page, name: string) {
  const finding = await runCheckupForFinding(page);
  await createFromFinding(page, finding, `补短板：${finding.name}（${name}）`);
  await page.waitForTimeout(600); // the form slides out, the project slides in
  await screenshot(page, `project-created-${name}`);
  await advanceTo(page, '已立项');
  await advanceTo(page, '资金已落实');
  await advanceTo(page, '在建');
  await page.getByTestId('note-text').fill('场地平整完成，开始主体施工');
  await input(page, 'note-progress').fill('40');
  await page.getByTestId('note-photos').locator('input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('note-submit').click();
  await page.getByTestId('timeline-note').locator('img').first().waitFor();
  await page.waitForTimeout(500); // the photo loads and the message fades in before the picture
  await screenshot(page, `project-note-${name}`);
  await advanceTo(page, '已完工');
  await page.getByTestId('project-accept').click();
  await page.getByTestId('accept-note').fill('经现场查验，工程质量合格，同意验收');
  await page.getByTestId('accept-photos').locator('input[type=file]').setInputFiles({ name: '验收.jpg', mimeType: 'image/jpeg', buffer: photo });
  await screenshot(page, `project-accept-dialog-${name}`);
  await page.getByTestId('project-accept-confirm').click();
  const accepted = page.getByTestId('timeline-accepted');
  await accepted.waitFor();
  expect(await accepted.innerText()).toContain('社区工作者（演示）');
  expect(await accepted.locator('img').count()).toBe(1);
  await expect(page.getByTestId('project-advance').count()).resolves.toBe(0);
  await page.waitForTimeout(500);
  await screenshot(page, `project-accepted-${name}`);
}

describe('gap projects (补短板项目), in Chinese', () => {
  it('carries a project made from a checkup finding to acceptance on a desktop', async () => {
    const page = await browser.newPage({ viewport: viewports.desktop, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await carryToAcceptance(page, 'desktop');
    // The list: the accepted project, filtered by status, with its progress.
    await page.goto(`${baseUrl}/projects`);
    await choose(page, 'filter-status', '已验收');
    await page.locator('.ant-table-row', { hasText: '（desktop）' }).waitFor();
    await screenshot(page, 'projects-list-desktop');
    await page.getByTestId('filter-overdue').click();
    await page.getByTestId('projects-empty').waitFor();
    await page.close();
  });

  it('does the same on a phone', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'staff');
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await carryToAcceptance(page, 'phone');
    await page.goto(`${baseUrl}/projects`);
    const row = page.locator('.ant-table-row', { hasText: '（phone）' });
    await row.getByTestId('project-status').filter({ hasText: '已验收' }).waitFor();
    await page.waitForTimeout(300); // the list fades in
    await screenshot(page, 'projects-list-phone');
    await page.close();
  });
});
