import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, loginAs, screenshot, screenshotDir, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
type Session = BrowserContextOptions['storageState'];
const sessions = new Map<string, Session>();

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/**
 * A page signed in as the user, in its own browser context. Each user logs in once per file: the
 * server throttles logins per address, and the browser test files share one server.
 */
async function pageAs(username: string, viewport: { width: number; height: number }): Promise<Page> {
  if (!sessions.has(username)) {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await loginAs(page, baseUrl, username);
    await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
    sessions.set(username, await context.storageState());
    await context.close();
  }
  const context = await browser.newContext({ viewport, locale: 'zh-CN', storageState: sessions.get(username) });
  return context.newPage();
}

async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

/** The whole page, top to bottom: the checkup pages are longer than a screen. */
async function fullScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

async function openCheckup(viewport: { width: number; height: number }): Promise<Page> {
  const page = await pageAs('staff', viewport);
  await page.goto(`${baseUrl}/checkup`);
  // Staff of one community: it is chosen for them.
  await page.getByTestId('community-select').getByText('和睦社区（演示）').waitFor();
  return page;
}

/** Runs a checkup and waits for its results (a run takes seconds: walking distances). */
async function runCheckup(page: Page): Promise<void> {
  const before = page.url();
  await page.getByTestId('run-checkup').click();
  await page.getByText('体检完成').first().waitFor({ timeout: 60_000 });
  // The new run is the one shown.
  await page.waitForURL((url) => url.searchParams.has('run') && url.href !== before);
  await page.getByTestId('checkup-results').waitFor();
}

/** Shows the latest run, running one first when the community has none yet (a test run on its own). */
async function latestRun(page: Page): Promise<void> {
  await page.locator('[data-testid="checkup-results"], [data-testid="no-runs"]').first().waitFor();
  if (await page.getByTestId('no-runs').isVisible()) await runCheckup(page);
}

/** Opens one result's evidence and gives its text. */
async function evidenceOf(page: Page, indicatorCode: string): Promise<string> {
  const row = page.locator('.ant-collapse-item', { has: page.getByTestId(`result-${indicatorCode}`) });
  await row.locator('.ant-collapse-header').click();
  const evidence = row.getByTestId('evidence');
  await evidence.waitFor();
  return evidence.innerText();
}

describe('community checkup (社区体检), in Chinese', () => {
  it('runs a checkup for 和睦社区 and shows the undersized day-care centre with its evidence', async () => {
    const page = await openCheckup(viewports.desktop);
    await runCheckup(page);
    const counts = await page.getByTestId('checkup-counts').innerText();
    expect(counts).toContain('未达标');
    // The deliberate gaps of the demo: day care 280 m² (< 350) and the health station 95 m² (< 120).
    const dayCare = page.getByTestId('result-elder_daycare_area');
    expect(await dayCare.innerText()).toContain('未达标');
    expect(await dayCare.innerText()).toContain('280 m²');
    const evidence = await evidenceOf(page, 'elder_daycare_area');
    expect(evidence).toContain('面积不足');
    expect(evidence).toContain('和睦社区日间照料中心');
    expect(evidence).toContain('280');
    expect(await evidenceOf(page, 'health_station_area')).toContain('95');
    // Walking indicators need the street network: without one they are "not measured", and the page says why.
    const network = await page.evaluate(async () => {
      const list = await (await fetch('/api/checkups?limit=1')).json();
      return list.items[0].params.networkId as number | null;
    });
    if (network === null) {
      await page.getByTestId('no-network').waitFor();
      expect(await page.getByTestId('result-kindergarten_walk').innerText()).toContain('未测');
    }
    expect(await page.getByTestId('manual-items').innerText()).toContain('需现场核查');
    await page.getByTestId('aspect-chart-radar').locator('canvas').waitFor();
    await page.waitForTimeout(800); // the radar animates in
    await fullScreenshot(page, 'checkup-desktop');
    // The problem ledger (问题台账) downloads as Excel, named after the community.
    const [ledger] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ledger').click()]);
    expect(ledger.suggestedFilename()).toMatch(/^和睦社区（演示）-问题台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await closePage(page);
  });

  it('compares a second run with the first: nothing changed in between', async () => {
    const page = await openCheckup(viewports.desktop);
    await latestRun(page);
    await runCheckup(page);
    await page.getByTestId('compare-previous').click();
    await page.getByTestId('compare-same').waitFor();
    expect(await page.getByTestId('compare-same').innerText()).toContain('两次体检结果相同');
    await screenshot(page, 'checkup-compare-desktop');
    await closePage(page);
  });

  it('turns the undersized day-care finding into a gap project, titled after the indicator', async () => {
    const page = await openCheckup(viewports.desktop);
    await latestRun(page);
    const row = page.locator('.ant-collapse-item', { has: page.getByTestId('result-elder_daycare_area') });
    await row.getByTestId('finding-create-project').click();
    const title = page.getByTestId('project-title');
    await title.waitFor();
    expect(await title.inputValue()).toBe('补齐：日间照料中心建筑面积');
    await page.getByTestId('project-unit').locator('input').fill('和睦社区居委会');
    await page.getByTestId('project-create-submit').click();
    await page.waitForURL(/\/projects/);
    await closePage(page);
  });

  it('opens the printable report: summary, map coloured by walking distance, findings first, projects', async () => {
    const page = await openCheckup(viewports.desktop);
    await latestRun(page);
    await page.getByTestId('open-report').click();
    await page.waitForURL(/\/checkup\/\d+\/report$/);
    const report = page.getByTestId('checkup-report');
    await report.waitFor();
    expect(await report.locator('h3').innerText()).toContain('社区体检报告');
    const findings = page.getByTestId('report-findings');
    await findings.waitFor();
    // Problems first: the first row is a failure, and the day-care centre is among them.
    expect(await findings.locator('.ant-table-row').first().innerText()).toContain('未达标');
    expect(await findings.innerText()).toContain('和睦社区日间照料中心 280 m²');
    // The community's gap projects, with the one just started.
    await page.locator('.linli-report-section', { hasText: '补短板项目' }).getByText('补齐：日间照料中心建筑面积').waitFor();
    await page.locator('.linli-report-map canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    type Hooks = { linliMap?: { settled(): boolean } };
    await page.waitForFunction(() => (window as unknown as Hooks).linliMap?.settled() === true, undefined, { timeout: 60_000 });
    await page.getByTestId('aspect-chart-bar').locator('canvas').waitFor();
    await page.waitForTimeout(800);
    await fullScreenshot(page, 'checkup-report-desktop');
    // What the printer gets: no menu, no header, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('report-print').isVisible()).toBe(false);
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    await fullScreenshot(page, 'checkup-report-print');
    await page.emulateMedia({ media: 'screen' });

    // Once in English, to see that it reads there too.
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Checkup report').first().waitFor();
    expect(await page.getByTestId('report-findings').innerText()).toContain('Undersized');
    await fullScreenshot(page, 'checkup-report-en-desktop');
    // Leave the account in Chinese for the tests after this one (the choice is saved on the account).
    const saved = page.waitForResponse((response) => response.url().endsWith('/api/auth/me') && response.request().method() === 'PATCH');
    await page.getByText('中', { exact: true }).click();
    await saved;
    await page.getByText('社区体检报告').first().waitFor();
    await closePage(page);
  });

  it('is usable at phone size: results, evidence and the report', async () => {
    const page = await openCheckup(viewports.phone);
    await latestRun(page);
    await page.getByTestId('aspect-chart-radar').locator('canvas').waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, 'checkup-phone');
    await evidenceOf(page, 'elder_daycare_area');
    await page.getByTestId('result-elder_daycare_area').scrollIntoViewIfNeeded();
    await screenshot(page, 'checkup-evidence-phone');
    await page.getByTestId('open-report').click();
    await page.getByTestId('report-findings').waitFor();
    await page.locator('.linli-report-map canvas.maplibregl-canvas').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    await fullScreenshot(page, 'checkup-report-phone');
    await closePage(page);
  });
});

describe('standards (标准与映射)', () => {
  it('shows the national standard, clones it as a local one and saves a changed threshold as its next version', async () => {
    const page = await pageAs('staff', viewports.desktop);
    await page.goto(`${baseUrl}/standards`);
    const view = page.getByTestId('standard-view');
    await view.waitFor();
    expect(await view.innerText()).toContain('CN-2020');
    expect(await view.innerText()).toContain('老年服务站');
    // The national standard is the admin's: staff clone it.
    expect(await page.getByTestId('standard-edit').count()).toBe(0);
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('standard-export').click()]);
    expect(exported.suggestedFilename()).toBe('CN-2020-v1.json');
    const file = JSON.parse(fs.readFileSync(await exported.path(), 'utf8'));
    expect(file.code).toBe('CN-2020');
    expect(file.document.aspects.length).toBeGreaterThan(0);
    await screenshot(page, 'standards-desktop');

    await page.getByTestId('standard-clone').click();
    await page.getByTestId('clone-code').fill('HM-LOCAL');
    await page.getByTestId('clone-name').fill('和睦社区体检标准');
    await page.getByRole('button', { name: '复制为本地标准' }).last().click();
    await page.getByText('HM-LOCAL').first().waitFor();
    await page.getByTestId('standard-edit').click();
    await page.getByTestId('edit-elder_daycare_area-minAreaM2').fill('250');
    expect(await page.getByTestId('standard-changes').innerText()).toBe('已修改 1 处');
    await page.getByTestId('edit-elder_daycare_area-minAreaM2').scrollIntoViewIfNeeded();
    await screenshot(page, 'standards-edit-desktop');
    await page.getByTestId('standard-save').click();
    await page.getByText('已保存为第 2 版').waitFor();
    await page.getByTestId('standard-view').getByText('第 2 版').first().waitFor();
    await page.getByTestId('standards-list').getByText('第 2 版').waitFor();
    await screenshot(page, 'standards-saved-desktop');
    await closePage(page);
  });

  it('refuses an imported file whose rules are wrong, naming the indicator', async () => {
    const page = await pageAs('staff', viewports.desktop);
    await page.goto(`${baseUrl}/standards`);
    await page.getByTestId('standard-view').waitFor();
    const standard = await page.evaluate(async () => {
      const list = (await (await fetch('/api/standards')).json()) as { id: number; code: string }[];
      return (await fetch(`/api/standards/${list.find((s) => s.code === 'CN-2020')!.id}`)).json();
    });
    const indicator = standard.document.aspects[0].items[0].indicators[0];
    indicator.passShare = 0.5;
    indicator.partialShare = 0.9;
    const file = { code: 'HM-BROKEN', name: '有误的标准', document: standard.document };
    await page.getByTestId('standard-import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByTestId('standard-import-submit').click();
    const problems = page.getByTestId('standard-problems');
    await problems.waitFor();
    const text = await problems.innerText();
    expect(text).toContain(indicator.name.zh);
    expect(text).toContain('partialShare');
    await screenshot(page, 'standards-import-error-desktop');
    await closePage(page);
  });

  it('shows the facility kind mappings read-only to staff, at phone size too', async () => {
    const page = await pageAs('staff', viewports.phone);
    await page.goto(`${baseUrl}/standards`);
    await page.getByTestId('standard-view').waitFor();
    await screenshot(page, 'standards-phone');
    await page.getByRole('tab', { name: '设施类型映射' }).click();
    await page.getByTestId('kind-mappings').locator('.ant-table-row').first().waitFor();
    expect(await page.getByTestId('mapping-save').count()).toBe(0);
    await screenshot(page, 'kind-mappings-phone');
    await closePage(page);
  });

  it('lets an admin edit the kind mappings: a malformed OSM rule is refused on its row', async () => {
    const page = await pageAs('admin', viewports.desktop);
    await page.goto(`${baseUrl}/standards?tab=mappings`);
    const table = page.getByTestId('kind-mappings');
    await table.locator('.ant-table-row').first().waitFor();
    await page.getByTestId('mapping-add').click();
    const row = table.locator('.ant-table-row').first();
    await row.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: 'OSM 标签' }).click();
    await row.getByLabel('规则').fill('amenity');
    await page.getByTestId('mapping-save').click();
    const problems = page.getByTestId('standard-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toContain('键=值');
    expect(await row.locator('.ant-input-status-error').count()).toBe(1);
    await screenshot(page, 'kind-mappings-error-desktop');
    // Fixed, it saves.
    await row.getByLabel('规则').fill('amenity=social_facility');
    await page.getByTestId('mapping-save').click();
    await page.getByText(/已保存 \d+ 条规则/).waitFor();
    await closePage(page);
  });
});
