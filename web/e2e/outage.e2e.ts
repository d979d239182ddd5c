// An outage of the API (every /api and /health request refused, as when the service is down behind
// a healthy network) and its end, on every page: each page says what is wrong, keeps what it had,
// and recovers by itself, with no click.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchBrowser, newContext, unexpectedErrors } from './browser';
import { eventually } from './poll';
import { createUser, regularReadings, seedReadings, unique } from './seed';
import { hasFleetApi } from './server';

const fleetApi = await hasFleetApi(inject('baseUrl'));

const API = /^https?:\/\/[^/]+\/(api\/|health)/;
const RECOVERY_MS = 40_000;

describe('an API outage and its end', () => {
  const baseUrl = inject('baseUrl');
  const deviceId = `e2e-outage-${unique()}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  const refuse = (route: Route): Promise<void> => route.abort('connectionrefused');
  const outage = async (): Promise<void> => {
    await context.route(API, refuse);
  };
  const recover = (): Promise<void> => context.unroute(API, refuse);

  beforeAll(async () => {
    await seedReadings(baseUrl, [...regularReadings(deviceId, 2, 5), {
      device_id: deviceId, timestamp: Date.now(), temperature: 21, humidity: 40, status: 'active', battery_level: 80,
    }]);
    await createUser(baseUrl, `outage_${unique()}`, `outage.${unique()}@example.com`);
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    await context?.close();
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('status page: says the server is not answering, then turns healthy again', async () => {
    await page.goto('/#/status');
    const overall = page.getByTestId('overall-status');
    await eventually(() => overall.getAttribute('data-state'), (s) => expect(s).toBe('healthy'));
    await outage();
    await eventually(() => overall.getAttribute('data-state'), (s) => expect(s).toBe('unreachable'), RECOVERY_MS);
    expect(await overall.textContent()).toContain('The server is not answering');
    expect(await page.locator('main').textContent()).not.toContain('connection');
    await recover();
    await eventually(() => overall.getAttribute('data-state'), (s) => expect(s).toBe('healthy'), RECOVERY_MS);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  }, 120_000);

  it('devices page: keeps the rows, keeps "Last seen" ticking, and refreshes again after', async () => {
    await page.goto(`/#/devices?q=${deviceId}`);
    const row = page.locator(`tr[data-device-id="${deviceId}"]`);
    await row.waitFor();
    await outage();
    const notice = page.getByTestId('devices-notice');
    await eventually(() => notice.textContent(), (t) => expect(t).toContain('Refresh failed: The server is not answering'), RECOVERY_MS);
    const seen = row.locator('time');
    const before = await seen.textContent();
    await eventually(() => seen.textContent(), (t) => expect(t).not.toBe(before), RECOVERY_MS);
    expect(await row.count()).toBe(1);
    await recover();
    await eventually(() => notice.textContent(), (t) => expect(t).toMatch(/^Updated/), RECOVERY_MS);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  }, 120_000);

  it.skipIf(!fleetApi)('[needs the fleet API] device page: keeps what it shows, says it is stale, then updates by itself', async () => {
    await page.goto(`/#/devices/${deviceId}?window=6h`);
    const notice = page.getByTestId('device-notice');
    await eventually(() => notice.textContent(), (t) => expect(t).toMatch(/^Updated|^Refresh failed/), RECOVERY_MS);
    await page.locator('[data-testid="history-table"]').waitFor();
    await outage();
    await eventually(() => notice.textContent(), (t) => expect(t).toContain('Refresh failed'), RECOVERY_MS);
    expect(await page.locator('[data-testid="history-table"]').count()).toBe(1);
    await recover();
    await eventually(() => notice.textContent(), (t) => expect(t).toMatch(/^Updated/), RECOVERY_MS);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  }, 120_000);

  it('users page: opened during the outage, it loads the list by itself once the API is back', async () => {
    await outage();
    await page.goto('/#/users');
    await eventually(() => page.locator('main .state-error').first().textContent(),
      (t) => expect(t).toContain('The server is not answering'), RECOVERY_MS);
    await recover();
    await page.getByTestId('users-table').waitFor({ timeout: RECOVERY_MS });
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  }, 120_000);
});
