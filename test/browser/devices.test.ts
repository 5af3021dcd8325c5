import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { choose, chooseExactly, chooseSuggestion, launchChromium, look, openSignedIn, viewports } from './browser.ts';

/**
 * Devices and alarms in the console (物联感知), the issue's "done means" in the browser: staff register an
 * SOS button, the button calls for help through the HTTP gateway, the call shows on the alarm board and
 * the map, a staff member answers it (接警), which accepts its ticket and so stops the escalation, and the
 * household's care card shows the alarm with its contact chain and calls.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

type Size = keyof typeof viewports;

const signIn = (username: string, size: Size) => openSignedIn(browser, baseUrl, username, viewports[size]);

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

interface Gateway { accepted: number; malformed: number; duplicates: number }

/** What a gateway sends for the device: its own id and secret as HTTP Basic credentials, no session. */
async function sendFromDevice(id: string, secret: string, messages: { channel: string; payload: Record<string, unknown> }[]): Promise<Gateway> {
  const res = await fetch(`${baseUrl}/api/devices/${id}/messages`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Gateway;
}

const sos = (seq: number) => ({ channel: 'event', payload: { ts: Date.now(), seq, type: 'sos', battery: 87, signal: -92 } });

interface DeviceFacts { id: string; householdId: number | null; householdLabel: string | null }
interface AlarmRow { id: number; deviceId: string; ticketId: number | null }

/** The alarm the device raised, once the board's API has it. */
async function alarmOf(page: Page, deviceId: string): Promise<AlarmRow> {
  let found: AlarmRow | undefined;
  await expect.poll(async () => {
    found = (await api<{ items: AlarmRow[] }>(page, 'GET', `/api/alarms?deviceId=${deviceId}&status=all`)).items[0];
    return found !== undefined;
  }, { timeout: 30_000 }).toBe(true);
  return found!;
}

/** A household of the staff member's community, as the household picker names it: the building, then unit and room. */
async function someHousehold(page: Page): Promise<{ building: string; unitRoom: string }> {
  const community = (await api<{ items: { id: number }[] }>(page, 'GET', '/api/areas?level=community')).items[0].id;
  const buildings = await api<{ items: { id: number; name: string; estateName: string | null; households: number }[] }>(
    page, 'GET', `/api/buildings?communityId=${community}&limit=500`);
  const building = buildings.items.find((b) => b.households > 0)!;
  const household = (await api<{ items: { unit: string; room: string }[] }>(page, 'GET', `/api/households?buildingId=${building.id}&limit=1`)).items[0];
  return { building: [building.estateName, building.name].filter(Boolean).join(' '), unitRoom: `${household.unit} 单元 ${household.room} 室` };
}

/** 登记设备 through the console: an SOS button in a household of the community; answers the device and its secret. */
async function provisionInConsole(page: Page, id: string): Promise<{ device: DeviceFacts; secret: string }> {
  const place = await someHousehold(page);
  await page.getByTestId('device-provision').click();
  await page.getByTestId('provision-id').fill(id);
  await choose(page, 'provision-kind', '一键呼救按钮');
  await page.getByTestId('provision-label').fill('床头');
  // Options named exactly and typed into the search: the households' options appear only once the building's are loaded.
  await chooseExactly(page, 'claim-building', place.building);
  await chooseExactly(page, 'claim-household', place.unitRoom);
  await look(page, 'device-provision-desktop');
  await page.getByTestId('provision-submit').click();
  const modal = page.locator('.ant-modal', { has: page.getByTestId('device-secret') });
  await modal.waitFor();
  expect(await modal.innerText()).toContain('关闭此窗口后将不再显示');
  const secret = (await modal.getByTestId('device-secret').innerText()).trim();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await look(page, 'device-secret-desktop');
  await page.getByTestId('secret-done').click();
  await modal.waitFor({ state: 'hidden' });
  const device = await api<DeviceFacts>(page, 'GET', `/api/devices/${id}`);
  expect(device.householdId).not.toBeNull();
  return { device, secret };
}

/** The same through the API, for the phone run: an SOS button in a household other than `not`. */
async function provisionByApi(page: Page, id: string, not: number | null): Promise<{ device: DeviceFacts; secret: string }> {
  const community = (await api<{ items: { id: number }[] }>(page, 'GET', '/api/areas?level=community')).items[0].id;
  const households = await api<{ items: { id: number }[] }>(page, 'GET', `/api/households?communityId=${community}&limit=20`);
  const householdId = households.items.map((h) => h.id).find((h) => h !== not)!;
  return api(page, 'POST', '/api/devices', { id, kind: 'sos_button', communityId: community, householdId, label: '客厅' });
}

/** Closes a drawer and waits until it has slid away: until then it holds the focus, and keys typed go to it. */
async function closeDrawer(page: Page, drawer: Locator) {
  await drawer.locator('.ant-drawer-close').click();
  await expect.poll(() => page.locator('.ant-drawer').count(), { timeout: 10_000 }).toBe(0);
}

async function waitForDrawerState(drawer: Locator, text: string) {
  await drawer.getByTestId('alarm-state').filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}

describe('devices and alarms in the staff console (物联感知), in Chinese', () => {
  let firstHousehold: number | null = null;

  it('staff register an SOS button, its call shows on the board and the map, 接警 accepts its ticket, and the care card shows it (desktop)', { timeout: 240_000 }, async () => {
    const page = await signIn('staff', 'desktop');
    await page.goto(`${baseUrl}/devices`);
    await page.getByTestId('device-provision').waitFor();
    const id = `SOS-D-${Date.now()}`;
    const { device, secret } = await provisionInConsole(page, id);
    firstHousehold = device.householdId;
    // The registry opened the new device: where it publishes, and nothing heard from it yet.
    const drawer = page.getByTestId('device-drawer');
    expect(await drawer.getByTestId('device-topics').innerText()).toContain(`/${id}/event`);
    expect(await drawer.getByTestId('device-state').innerText()).toContain('未上线');

    // A payload the SOS button's schema refuses is counted, not lost in a log; then the real call for help.
    expect(await sendFromDevice(id, secret, [{ channel: 'event', payload: { ts: Date.now(), seq: 1, type: 'door_open' } }])).toMatchObject({ malformed: 1 });
    expect(await sendFromDevice(id, secret, [sos(2)])).toMatchObject({ accepted: 1 });
    await drawer.getByTestId('device-events').getByText('sos').waitFor({ timeout: 30_000 });
    await drawer.getByTestId('device-malformed').waitFor();
    await look(page, 'device-detail-desktop');
    await closeDrawer(page, drawer);
    // The demo has devices of its own: the search finds this one, among those with malformed messages.
    await page.getByTestId('device-search').locator('input').fill(id);
    await page.getByTestId('device-search').locator('input').press('Enter');
    await page.getByTestId('device-malformed-filter').click();
    await page.locator(`tr[data-row-key="${id}"]`).getByTestId('malformed-count').waitFor();
    await look(page, 'devices-desktop');

    // The board asks every 5 s: the call shows in red, in the banner, and pulsing on the map.
    const alarm = await alarmOf(page, id);
    expect(alarm.ticketId).not.toBeNull();
    await page.goto(`${baseUrl}/alarms`);
    const row = page.locator(`tr[data-row-key="${alarm.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain(device.householdLabel!);
    expect(await row.getAttribute('class')).toContain('linli-alarm-row-critical');
    await page.getByTestId(`unanswered-${alarm.id}`).waitFor();
    await page.getByTestId('answer-kpi').waitFor();
    const spot = page.getByTestId(`alarm-spot-${alarm.id}`);
    await spot.waitFor({ timeout: 30_000 });
    // The new button is a dot on the map too, at its building's entrance.
    type MapElement = HTMLElement & { linliMap?: { settled(): boolean; deviceIds(): string[] } };
    const map = page.getByTestId('alarms-map');
    await expect.poll(() => map.evaluate((el) => (el as MapElement).linliMap?.settled() ?? false), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => map.evaluate((el) => (el as MapElement).linliMap!.deviceIds()), { timeout: 30_000 }).toContain(id);
    await look(page, 'alarms-desktop');

    // The spot on the map opens the alarm; 接警 answers it.
    await spot.click();
    await page.waitForURL(new RegExp(`/alarms/${alarm.id}$`));
    const alarmDrawer = page.getByTestId('alarm-drawer');
    await alarmDrawer.getByTestId('alarm-timeline-ticket_opened').waitFor();
    await waitForDrawerState(alarmDrawer, '未接警');
    await alarmDrawer.getByTestId('alarm-acknowledge').click();
    await waitForDrawerState(alarmDrawer, '已接警');
    expect(await alarmDrawer.getByTestId('alarm-facts').innerText()).toContain('社区工作者（演示）');
    await alarmDrawer.getByTestId('alarm-timeline-acknowledged').waitFor();
    // Handed to a person who answers alarms there, and a note for the next shift.
    await alarmDrawer.getByTestId('alarm-assign').click();
    await choose(page, 'alarm-assignee', '社区工作者（演示）');
    await page.getByTestId('alarm-assign-submit').click();
    await alarmDrawer.getByTestId('alarm-timeline-assigned').waitFor();
    await alarmDrawer.getByTestId('alarm-comments').click();
    await page.getByTestId('alarm-comment-text').fill('已联系家属上门查看');
    await page.getByTestId('alarm-comments-submit').click();
    await alarmDrawer.getByTestId('alarm-timeline-commented').getByText('已联系家属上门查看').waitFor();
    await look(page, 'alarm-detail-desktop');
    await expect.poll(() => page.getByTestId(`unanswered-${alarm.id}`).count(), { timeout: 15_000 }).toBe(0);

    // Its ticket was accepted by the same person: the escalation has nothing left to do.
    await alarmDrawer.getByTestId('alarm-facts').getByTestId('alarm-ticket-link').click();
    await page.waitForURL(new RegExp(`/tickets/${alarm.ticketId}$`));
    const ticket = page.getByTestId('ticket-drawer');
    await ticket.getByTestId('ticket-status').filter({ hasText: '已签收' }).waitFor({ timeout: 30_000 });
    expect(await ticket.getByTestId('ticket-timeline').innerText()).toContain('社区工作者（演示）');
    await look(page, 'alarm-ticket-desktop');

    // The care card of the household: the alarm (answered), a contact chain typed in, revealed with a reason, and a call logged.
    await page.goto(`${baseUrl}/care`);
    await page.getByTestId('care-alarming').click();
    const card = page.getByTestId(`care-card-${device.householdId}`);
    await card.getByTestId(`care-alarm-${alarm.id}`).filter({ hasText: '已接警' }).waitFor({ timeout: 30_000 });
    await card.getByTestId('contacts-edit').click();
    await page.getByTestId('contact-row-0').getByTestId('contact-name').fill('李小红');
    await page.getByTestId('contact-row-0').getByTestId('contact-phone').fill('13912345678');
    await page.getByTestId('contacts-save').click();
    const contacts = card.getByTestId('care-contacts');
    await contacts.waitFor();
    expect(await contacts.innerText()).not.toContain('13912345678');
    await contacts.getByTestId('reveal').click();
    await page.getByTestId('reveal-reason').fill('告警回访，联系家属');
    await page.getByRole('button', { name: /确\s*定/ }).last().click();
    await contacts.getByText('13912345678').waitFor();
    // A neighbour joins the chain ahead of her, without her name and phone typed again (her reveal still holds).
    await card.getByTestId('contacts-edit').click();
    await page.getByTestId('contact-add').click();
    // The new row is the last: its role select is the last on the page.
    await choose(page, 'contact-role', '邻居');
    await page.getByTestId('contact-row-1').getByTestId('contact-name').fill('王阿姨');
    await page.getByTestId('contact-row-1').getByTestId('contact-phone').fill('13700001111');
    await page.getByTestId('contact-row-1').getByRole('button', { name: '上移' }).click();
    await look(page, 'care-contacts-edit-desktop');
    await page.getByTestId('contacts-save').click();
    await expect.poll(() => contacts.locator('[data-testid^="care-contact-"]').allInnerTexts(), { timeout: 15_000 })
      .toEqual([expect.stringMatching(/^1\.\s*邻居\s*王\*\* · 137\*\*\*\*1111/), expect.stringMatching(/^2\.\s*家属\s*李小红 · 13912345678/)]);
    await card.getByTestId('call-log').click();
    await page.getByTestId('call-outcome').getByText('已接通').click();
    await page.getByTestId('call-note').fill('家属已赶往老人家中');
    await page.getByTestId('call-save').click();
    await card.getByTestId('care-calls').getByText('已接通').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await look(page, 'care-desktop');
    await page.close();
  });

  it('on a phone: the board, the alarm cleared as a false alarm, the registry and the care cards (phone)', { timeout: 180_000 }, async () => {
    const page = await signIn('staff', 'phone');
    const { device, secret } = await provisionByApi(page, `SOS-P-${Date.now()}`, firstHousehold);
    expect(await sendFromDevice(device.id, secret, [sos(1)])).toMatchObject({ accepted: 1 });
    const alarm = await alarmOf(page, device.id);

    await page.goto(`${baseUrl}/alarms`);
    await page.locator(`tr[data-row-key="${alarm.id}"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId('unanswered-banner').waitFor();
    await look(page, 'alarms-phone');

    await page.locator(`tr[data-row-key="${alarm.id}"]`).click();
    const drawer = page.getByTestId('alarm-drawer');
    await drawer.getByTestId('alarm-timeline-raised').waitFor();
    await look(page, 'alarm-detail-phone');
    // 解除 as 误报: it also counts as answered, and the household's false-alarm rate shows it.
    await drawer.getByTestId('alarm-clear').click();
    await page.getByTestId('alarm-clear-reason').fill('老人误按，电话确认无事');
    await page.getByTestId('alarm-false-alarm').click();
    await page.getByTestId('alarm-clear-submit').click();
    await waitForDrawerState(drawer, '误报');
    await waitForDrawerState(drawer, '已接警');
    await drawer.getByTestId('alarm-timeline-cleared').waitFor();
    await look(page, 'alarm-cleared-phone');
    await closeDrawer(page, drawer);
    await expect.poll(() => page.locator(`tr[data-row-key="${alarm.id}"]`).count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('kpi-false-alarms').getByText(device.householdLabel!).waitFor({ timeout: 70_000 });

    await page.goto(`${baseUrl}/devices/${device.id}`);
    await page.getByTestId('device-drawer').getByTestId('device-events').getByText('sos').waitFor();
    await look(page, 'device-detail-phone');
    await closeDrawer(page, page.getByTestId('device-drawer'));
    await page.getByTestId('device-search').locator('input').fill(device.id);
    await page.getByTestId('device-search').locator('input').press('Enter');
    await page.locator(`tr[data-row-key="${device.id}"]`).waitFor();
    await look(page, 'devices-phone');

    // In hospital for a week: 外出 until a China date, then back home.
    await page.goto(`${baseUrl}/care`);
    const card = page.getByTestId(`care-card-${device.householdId}`);
    await card.waitFor({ timeout: 30_000 });
    const inAWeek = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    await card.getByTestId('care-set-away').click();
    await page.getByLabel('外出至').fill(inAWeek);
    await chooseSuggestion(page, page.getByLabel('原因'), '住院');
    await page.getByTestId('away-save').click();
    await card.getByTestId('care-away').filter({ hasText: `外出至 ${inAWeek}（住院）` }).waitFor();
    await look(page, 'care-phone');
    await card.getByTestId('care-back-home').click();
    await page.getByRole('button', { name: /确\s*定/ }).last().click();
    await card.getByTestId('care-set-away').waitFor();
    await page.close();
  });
});
