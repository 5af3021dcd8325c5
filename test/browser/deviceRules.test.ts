import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseExactly, launchChromium, look, openSignedIn, viewports } from './browser.ts';

/**
 * 规则设置 in the console: a community worker raises the community's door-inactivity limit, gives one
 * household its own, sees which level each value comes from, gets a bad value refused at the field, and
 * restores the defaults; on a phone the same page opens from a door sensor's drawer and a care card.
 */
const baseUrl = inject('baseUrl');
const doorRule = 'door_magnet.door_inactive';
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

const signIn = (username: string, size: keyof typeof viewports) => openSignedIn(browser, baseUrl, username, viewports[size]);

/** A read made by the page with its session, as the console makes them. */
async function get<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  }, url) as Promise<T>;
}

interface DoorSensor { id: string; communityId: number; householdId: number }

/**
 * A door sensor in a home of the staff member's community, from the care cards (so that its household's
 * card is on the care page), and that home as the household picker names it.
 */
async function doorSensor(page: Page) {
  const cards = await get<{ items: { householdId: number; communityId: number; devices: { id: string; kind: string }[] }[] }>(page, '/api/care/cards?limit=200');
  const card = cards.items.find((c) => c.devices.some((d) => d.kind === 'door_magnet'))!;
  const device: DoorSensor = { id: card.devices.find((d) => d.kind === 'door_magnet')!.id, communityId: card.communityId, householdId: card.householdId };
  const household = await get<{ buildingId: number; unit: string; room: string }>(page, `/api/households/${device.householdId}`);
  const building = await get<{ name: string; estateName: string | null }>(page, `/api/buildings/${household.buildingId}`);
  return { device, building: [building.estateName, building.name].filter(Boolean).join(' '), unitRoom: `${household.unit} 单元 ${household.room} 室` };
}

/** The door rule's hours as the API has them at a level. */
async function hoursAt(page: Page, level: string): Promise<number> {
  const rules = await get<{ code: string; effective: { hours: number } }[]>(page, `/api/device-rules?${level}&kind=door_magnet`);
  return rules.find((r) => r.code === doorRule)!.effective.hours;
}

/** The hours field of the door rule: what it shows, and where the page says the value comes from. */
async function expectHours(card: Locator, value: string, source: string) {
  const field = card.getByTestId('param-hours');
  await expect.poll(() => field.getByTestId('param-source').innerText(), { timeout: 10_000 }).toBe(source);
  // The input follows the source label a render later (the form is reset from the saved rules).
  await expect.poll(() => field.locator('input').inputValue(), { timeout: 10_000 }).toBe(value);
}

async function setHours(card: Locator, value: string) {
  await card.getByTestId('param-hours').locator('input').fill(value);
  await card.getByTestId('rule-save').click();
}

async function restore(page: Page, card: Locator) {
  await card.getByTestId('rule-restore').click();
  await page.getByTestId('rule-restore-confirm').last().click();
}

describe('rule settings (规则设置) in the staff console, in Chinese', () => {
  it('staff raise the community door limit, give one household its own, see where values come from, and restore both (desktop)', { timeout: 180_000 }, async () => {
    const page = await signIn('staff', 'desktop');
    const { device, building, unitRoom } = await doorSensor(page);
    const community = `communityId=${device.communityId}`;
    const household = `${community}&householdId=${device.householdId}`;
    await page.goto(`${baseUrl}/device-rules?kind=door_magnet`);
    const card = page.getByTestId(`rule-${doorRule}`);
    await card.waitFor();
    expect(await page.getByTestId('rule-current').innerText()).toContain('默认设置');
    await expectHours(card, '24', '默认');

    await setHours(card, '36');
    await expectHours(card, '36', '社区');
    expect(await card.getByTestId('param-hours').innerText()).toContain('不单独设置时为 24 小时（默认）');
    expect(await hoursAt(page, community)).toBe(36);
    await look(page, 'device-rules-desktop');

    // One household: it inherits the community's 36 hours until it sets its own.
    await page.getByTestId('rule-mode').getByText('单独一户').click();
    await page.getByTestId('rule-pick-household').waitFor();
    await chooseExactly(page, 'claim-building', building);
    await chooseExactly(page, 'claim-household', unitRoom);
    await page.getByTestId('rule-current').filter({ hasText: unitRoom }).waitFor();
    await expectHours(card, '36', '社区');
    await setHours(card, '12');
    await expectHours(card, '12', '住户');
    expect(await card.getByTestId('param-hours').innerText()).toContain('不单独设置时为 36 小时（社区）');
    expect(await hoursAt(page, household)).toBe(12);
    expect(await hoursAt(page, community)).toBe(36);
    await look(page, 'device-rules-household-desktop');

    // A week is the most the rule takes: the server's words appear at the field, and nothing is stored.
    await setHours(card, '500');
    await card.locator('.ant-form-item-explain-error', { hasText: '应为 1 到 168 h 之间的数' }).waitFor();
    expect(await hoursAt(page, household)).toBe(12);
    await look(page, 'device-rules-error-desktop');

    // 恢复默认 drops the household's own setting: the community's applies again; then the community's own.
    await restore(page, card);
    await expectHours(card, '36', '社区');
    expect(await hoursAt(page, household)).toBe(36);
    await page.getByTestId('rule-mode').getByText('社区默认').click();
    await page.getByTestId('rule-current').filter({ hasText: '默认设置' }).waitFor();
    await expectHours(card, '36', '社区');
    await restore(page, card);
    await expectHours(card, '24', '默认');
    expect(await card.getByTestId('rule-restore').count()).toBe(0);
    expect(await hoursAt(page, community)).toBe(24);
    await page.close();
  });

  it('on a phone, a door sensor\'s drawer and a care card open the rules of that device and that household (phone)', { timeout: 180_000 }, async () => {
    const page = await signIn('staff', 'phone');
    const { device, unitRoom } = await doorSensor(page);
    await page.goto(`${baseUrl}/devices/${device.id}`);
    await page.getByTestId('device-rules-link').click();
    await page.waitForURL((url) => url.pathname === '/device-rules' && url.searchParams.get('deviceId') === device.id);
    await page.getByTestId('rule-current').filter({ hasText: '关爱门磁' }).waitFor();
    // A device has the rules of its own kind only, so there is no kind to choose.
    const card = page.getByTestId(`rule-${doorRule}`);
    await card.waitFor();
    const shown = await page.locator('.linli-rules-grid > [data-testid]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')));
    expect(shown.every((id) => id?.startsWith('rule-door_magnet.'))).toBe(true);
    expect(await page.getByTestId('rule-kind-select').count()).toBe(0);
    await expectHours(card, '24', '默认');
    await setHours(card, '6');
    await expectHours(card, '6', '设备');
    expect(await hoursAt(page, `communityId=${device.communityId}&deviceId=${device.id}`)).toBe(6);
    await look(page, 'device-rules-device-phone');
    await restore(page, card);
    await expectHours(card, '24', '默认');

    await page.goto(`${baseUrl}/care`);
    await page.getByTestId(`care-card-${device.householdId}`).getByTestId('care-rules-link').click();
    await page.getByTestId('rule-current').filter({ hasText: unitRoom }).waitFor();
    // On a phone the kinds are a select rather than eleven tabs.
    await chooseExactly(page, 'rule-kind-select', '关爱门磁');
    await expectHours(page.getByTestId(`rule-${doorRule}`), '24', '默认');
    await look(page, 'device-rules-household-phone');
    await page.close();
  });
});
