import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { choose, launchChromium, loginAs, screenshot } from './browser.ts';

/**
 * The service loop's "done means", on the real clock: a resident's report that nobody accepts climbs
 * the ladder by itself — grid → community → subdistrict — the subdistrict whistles a department, the
 * department reports, and the three rates count the missed acceptance. The community's own ladder is
 * set to one minute a rung for the run (and put back), so the climb takes about two minutes. The report
 * is of a category made for the run (on call, one minute to accept), so that the rates counted are this
 * report's alone: the demo's devices raise alarm tickets of their own while the test runs.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function signIn(username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await loginAs(page, baseUrl, username);
  // Signed in once the app has left the login page (residents land on the phone pages, staff on the console).
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** A JSON call made by the page with its session, as the console makes them. */
async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(async ({ method, url, body }) => {
    const me = await (await fetch('/api/auth/me')).json();
    const res = await fetch(url, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'x-csrf-token': me.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }, { method, url, body }) as Promise<T>;
}

interface Rates { total: { dueForAcceptance: number; acceptedInTime: number } }

/** A category of this run's own, on call like a safety hazard, that no device raises tickets in. */
async function drillCategory(): Promise<string> {
  const admin = await signIn('admin');
  const code = `drill_${Date.now()}`;
  await api(admin, 'POST', '/api/ticket-categories', {
    code, name: { zh: '升级演练', en: 'Escalation drill' }, slaClass: 'emergency', calendar: '24x7', acceptMinutes: 1, arriveMinutes: 10, resolveMinutes: 120,
  });
  await admin.close();
  return code;
}

describe('an unaccepted report climbs the ladder and a whistled department reports (real clock)', () => {
  it('escalates grid → community → subdistrict, is whistled, reported, and counted against the response rate', { timeout: 360_000 }, async () => {
    const staff = await signIn('staff');
    const community = (await api<{ items: { id: number }[] }>(staff, 'GET', '/api/areas?level=community')).items[0].id;
    const category = await drillCategory();
    const measures = `/api/tickets/measures?groupBy=community&communityId=${community}&categoryCode=${category}`;
    await api(staff, 'PUT', '/api/escalation-ladder', { communityId: community, steps: [{ level: 1, minutes: 1 }, { level: 2, minutes: 1 }, { level: 3, minutes: 30 }] });
    try {
      const resident = await signIn('resident');
      const point = (await api<{ items: { location: { lon: number; lat: number } | null; gridId: number | null }[] }>(resident, 'GET', '/api/my/tickets?limit=50'))
        .items.find((t) => t.location && t.gridId)!.location!;
      const ticket = await api<{ id: number; level: number }>(resident, 'POST', '/api/tickets', {
        categoryCode: category, description: `消防通道被杂物堵塞（升级演练 ${Date.now()}）`, location: point,
      });
      expect(ticket.level).toBe(0);
      // Not yet due: a report inside its minute to accept counts for nothing yet.
      expect((await api<Rates>(staff, 'GET', measures)).total.dueForAcceptance).toBe(0);
      await resident.close();

      // One minute for the grid, one for the community: the scheduler moves it up on its own.
      await expect.poll(async () => (await api<{ level: number }>(staff, 'GET', `/api/tickets/${ticket.id}`)).level, { timeout: 200_000, interval: 5000 }).toBe(2);
      await staff.close();

      const officer = await signIn('subdistrict');
      await officer.goto(`${baseUrl}/tickets/${ticket.id}`);
      const timeline = officer.getByTestId('ticket-timeline');
      await timeline.waitFor();
      expect(await timeline.getByTestId('timeline-escalated').count()).toBe(2);
      expect(await timeline.getByTestId('timeline-breached').count()).toBe(2);
      await officer.getByTestId('action-whistle').click();
      await choose(officer, 'step-department', '住房和城乡建设局');
      await expect.poll(() => officer.getByTestId('step-department').last().innerText()).toContain('住房和城乡建设局');
      await officer.getByTestId('step-reason').fill('消防通道长期堵塞，需住建部门牵头处置');
      await officer.getByTestId('action-whistle-submit').click();
      // A busy machine (two cores, other tests) can take a while to answer.
      await timeline.getByTestId('timeline-whistled').waitFor({ timeout: 60_000 });
      await screenshot(officer, 'ticket-escalated-whistled');
      await officer.close();

      const department = await signIn('department');
      await department.goto(`${baseUrl}/tickets/${ticket.id}`);
      const drawer = department.getByTestId('ticket-drawer');
      await drawer.getByTestId('action-accept').filter({ hasText: /报\s*到/ }).click();
      await department.getByTestId('action-accept-confirm').click();
      await drawer.getByTestId('timeline-accepted').waitFor();
      const after = await api<Rates>(department, 'GET', '/api/tickets/measures?groupBy=department');
      expect(after.total.dueForAcceptance).toBeGreaterThan(0);
      await department.close();

      const counter = await signIn('staff');
      const now = await api<Rates>(counter, 'GET', measures);
      // Due for acceptance and not accepted in time: the response rate counts it as a failure.
      expect(now.total.dueForAcceptance).toBe(1);
      expect(now.total.acceptedInTime).toBe(0);
      await counter.goto(`${baseUrl}/tickets/dashboard`);
      await counter.getByTestId('kpi-responseRate').waitFor();
      await screenshot(counter, 'tickets-dashboard-after-escalation');
      await counter.close();
    } finally {
      const cleanup = await signIn('staff');
      await api(cleanup, 'DELETE', `/api/escalation-ladder/${community}`);
      await cleanup.close();
    }
  });
});
