import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseAmong, chooseIn, chooseSuggestion, exactly, launchChromium, loginAs, screenshot, viewports } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
// One staff session for the whole file: the server throttles logins per address, and the suite shares one address.
let staff: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
  staff = await browser.newContext({ viewport: viewports.desktop, locale: 'zh-CN' });
  const page = await staff.newPage();
  await loginAs(page, baseUrl, 'staff');
  await page.getByTestId('user-menu').waitFor();
  await page.close();
});
afterAll(async () => browser?.close());

const title = '停车秩序满意度调查';
let surveyUrl: string;

describe('resident surveys', () => {
  it('lets staff build a survey with a conditional question and publish it', async () => {
    const page = await staff.newPage();
    await page.goto(`${baseUrl}/surveys`);
    // The demo's survey is listed, collecting answers.
    await page.getByTestId('survey-row').filter({ hasText: '步行环境与设施满意度调查' }).waitFor();
    await page.getByTestId('survey-create').click();
    await page.getByTestId('survey-title').fill(title);
    const created = page.waitForResponse((response) => response.url().endsWith('/api/surveys') && response.request().method() === 'POST');
    await page.getByTestId('survey-create-confirm').click();
    // Said plainly if the server refused it, rather than as a wait that runs out.
    const response = await created;
    expect(response.status(), await response.text()).toBe(201);
    await page.getByTestId('survey-status').filter({ hasText: '草稿' }).waitFor({ timeout: 60_000 });
    surveyUrl = page.url();

    await page.getByTestId('question-add').click();
    const first = page.getByTestId('question-card').nth(0);
    await first.getByTestId('question-label').fill('您家是否有汽车？');
    await first.getByTestId('option-label').nth(0).fill('有');
    await first.getByTestId('option-label').nth(1).fill('没有');

    await page.getByTestId('question-add').click();
    const second = page.getByTestId('question-card').nth(1);
    await chooseIn(page, second.getByTestId('question-type'), exactly('量表打分'));
    await second.getByTestId('question-label').fill('您对小区停车秩序的满意度');
    await chooseSuggestion(page, second.getByTestId('question-feeds').locator('input'), 'safety', 'safety_satisfaction');

    await page.getByTestId('question-add').click();
    const third = page.getByTestId('question-card').nth(2);
    await chooseIn(page, third.getByTestId('question-type'), exactly('填空'));
    await third.getByTestId('question-label').fill('对停车还有什么建议？');
    await chooseIn(page, third.getByTestId('condition-question'), exactly('1. 您家是否有汽车？'));
    await chooseAmong(page, third.getByTestId('condition-values'), exactly('有'));

    await page.getByTestId('survey-save').click();
    await page.locator('.ant-message', { hasText: '已保存' }).waitFor();
    await screenshot(page, 'survey-builder-desktop');

    await page.getByTestId('survey-publish').click();
    await page.getByTestId('survey-confirm').click();
    await page.getByTestId('survey-status').filter({ hasText: '收集中' }).waitFor();
    await page.close();
  });

  it('lets a resident answer on a phone, in Chinese, with the conditional question shown only when it applies', async () => {
    const page = await browser.newPage({ viewport: viewports.phone, locale: 'zh-CN' });
    await loginAs(page, baseUrl, 'resident');
    await page.waitForURL(/\/m/);
    await page.getByTestId('surveys-entry').click();
    await page.getByTestId('my-survey').filter({ hasText: '步行环境与设施满意度调查' }).waitFor();
    await screenshot(page, 'my-surveys-phone');
    await page.getByTestId('my-survey').filter({ hasText: title }).click();

    const followUp = page.getByTestId('answer-q3');
    await page.getByTestId('answer-q1').getByText('没有').click();
    expect(await followUp.count()).toBe(0);
    // Submitting without the required scale says so on the question.
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('answer-q2').getByText('必答').waitFor();
    await page.getByTestId('answer-q1').getByText('有', { exact: true }).click();
    await followUp.waitFor();
    await page.getByTestId('answer-q2').getByText('4', { exact: true }).click();
    await followUp.locator('textarea').fill('希望夜间加强巡查，不要占用消防通道。');
    await screenshot(page, 'answer-survey-phone');
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-done').waitFor();
    await screenshot(page, 'answer-done-phone');

    // Once answered, the survey says so instead of offering the form again.
    await page.goto(page.url());
    await page.getByTestId('survey-done').filter({ hasText: '已经填写过' }).waitFor();
    await page.close();
  });

  it('shows staff the results as charts, with the indicator score', async () => {
    const page = await staff.newPage();
    await page.goto(surveyUrl);
    await page.getByTestId('responses-total').filter({ hasText: '1' }).waitFor();
    await page.locator('[data-testid="count-chart"] canvas').first().waitFor();
    // 4 on a 1–5 scale: (4 − 1) / 4 = 75 out of 100.
    expect(await page.getByTestId('indicator-score').innerText()).toMatch(/^75\s*\/ 100/m);
    await page.getByText('希望夜间加强巡查').waitFor();
    await page.waitForTimeout(500); // let the bars finish growing before the picture
    await screenshot(page, 'survey-results-desktop');

    // The demo survey, with a few hundred answers, online and on paper.
    await page.goto(`${baseUrl}/surveys`);
    await page.getByTestId('survey-row').filter({ hasText: '步行环境与设施满意度调查' }).click();
    await page.locator('[data-testid="count-chart"] canvas').first().waitFor();
    expect(Number(await page.getByTestId('responses-paper').locator('.ant-statistic-content-value').innerText())).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await screenshot(page, 'survey-demo-results-desktop');
    await page.close();
  });
});
