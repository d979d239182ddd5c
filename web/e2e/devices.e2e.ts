import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './accessibility';
import { collectPageErrors, launchBrowser, newContext, screenshots, unexpectedErrors } from './browser';
import { eventually } from './poll';
import { seedReadings, unique } from './seed';
import { hasFleetApi } from './server';

const baseUrl = inject('baseUrl');
const fleetApi = await hasFleetApi(baseUrl);

describe('devices page', () => {
  const suffix = unique();
  const healthy = `e2e-ok-${suffix}`;
  const faulty = `e2e-fault-${suffix}`;
  const silent = `e2e-silent-${suffix}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const now = Date.now();
    await seedReadings(baseUrl, [
      { device_id: healthy, timestamp: now - 120_000, temperature: 22.4, humidity: 41, status: 'active', battery_level: 88, location: 'lab' },
      { device_id: faulty, timestamp: now - 600_000, temperature: 19.0, humidity: 55, status: 'active', location: 'roof' },
      { device_id: faulty, timestamp: now - 60_000, temperature: 35.5, humidity: 12.5, status: 'error', battery_level: 4, location: 'roof' },
      // Last heard from 40 minutes ago: offline after the default 15 minutes.
      { device_id: silent, timestamp: now - 40 * 60_000, temperature: 20, humidity: 50, status: 'active', battery_level: 60, location: 'yard' },
    ]);
    browser = await launchBrowser();
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const row = (id: string) => page.locator(`tr[data-device-id="${id}"]`);
  const ids = async (): Promise<string[]> => page.locator('[data-testid="devices-table"] tbody tr').evaluateAll(
    (rows) => rows.map((r) => r.getAttribute('data-device-id') ?? ''));

  it('lists the latest reading of each device with its status', async () => {
    await page.goto(`/#/devices?q=e2e-`);
    await row(faulty).waitFor({ timeout: 10_000 });

    const faultBadge = row(faulty).locator('.badge').first();
    expect(await faultBadge.getAttribute('data-status')).toBe('error');
    expect(await faultBadge.textContent()).toBe('error');
    const faultText = await row(faulty).textContent();
    expect(faultText).toContain('35.5 °C'); // the latest reading, not the older one
    expect(faultText).toContain('12.5 %');
    expect(faultText).toContain('roof');

    expect(await row(healthy).locator('.badge').first().getAttribute('data-status')).toBe('active');
    expect(await page.locator('.chips [data-status="error"]').count()).toBe(1);
  });

  it('sorts the page by a column, and Back undoes it', async () => {
    await page.getByRole('button', { name: 'Battery', exact: true }).click();
    await eventually(async () => page.url(), (u) => expect(u).toContain('sort=battery'));
    const byBattery = await ids();
    expect(byBattery.indexOf(faulty)).toBeLessThan(byBattery.indexOf(healthy)); // 4 % before 88 %
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Battery');
    await page.getByRole('button', { name: 'Battery', exact: true }).click();
    await eventually(async () => page.url(), (u) => expect(u).toContain('dir=desc'));
    expect((await ids()).indexOf(faulty)).toBeGreaterThan((await ids()).indexOf(healthy));
    await page.goBack();
    await page.goBack();
    await eventually(async () => page.url(), (u) => expect(u).not.toContain('sort='));
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Device');
  });

  it.skipIf(!fleetApi)('[needs the fleet API] marks offline and low-battery devices, and searches by id prefix', async () => {
    await page.goto('/#/devices?q=e2e-');
    await row(silent).waitFor();
    expect(await row(silent).getAttribute('data-connectivity')).toBe('offline');
    expect(await row(silent).locator('[data-flag="offline"]').count()).toBe(1);
    expect(await row(faulty).locator('[data-flag="low-battery"]').count()).toBe(1);
    expect(await row(healthy).locator('[data-flag]').count()).toBe(0);

    await page.getByLabel('Search by device id').fill(faulty);
    await eventually(ids, (list) => expect(list).toEqual([faulty]));
    expect(page.url()).toContain(`q=${faulty}`);
  });

  it('works from the keyboard: search, then a chip, then Back', async () => {
    await page.goto('/#/devices?q=e2e-');
    await row(faulty).waitFor();
    await page.getByLabel('Search by device id').focus();
    await page.keyboard.press('Tab'); // "All devices"
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-chip'))).toBe('all');
    await page.keyboard.press('Tab'); // "Error"
    await page.keyboard.press('Enter');
    await eventually(async () => page.url(), (u) => expect(u).toContain('status=error'));
    expect(await page.locator('[data-chip="error"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-chip'))).toBe('error');
    await page.goBack();
    await eventually(() => page.locator('[data-chip="error"]').getAttribute('aria-pressed'), (v) => expect(v).toBe('false'));
    await page.locator('[data-sort="temperature"]').focus();
    await page.keyboard.press('Enter');
    await eventually(async () => page.url(), (u) => expect(u).toContain('sort=temperature'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sort'))).toBe('temperature');
    await page.goBack();
  });

  it('keeps the data and says so when a refresh fails offline', async () => {
    await page.goto('/#/devices?q=e2e-');
    await row(faulty).waitFor();
    await context.setOffline(true);
    try {
      await eventually(() => page.locator('.offline-banner').isVisible(), (v) => expect(v).toBe(true));
      await page.getByRole('button', { name: 'Refresh' }).click();
      await eventually(() => page.getByTestId('devices-notice').textContent(), (t) => expect(t).toContain('Refresh failed'));
      expect(await page.getByTestId('devices-notice').textContent()).toContain('You are offline');
      expect(await row(faulty).count()).toBe(1);
    } finally {
      await context.setOffline(false);
    }
    await eventually(() => page.locator('.offline-banner').isVisible(), (v) => expect(v).toBe(false));
    await eventually(() => page.getByTestId('devices-notice').textContent(), (t) => expect(t).toMatch(/^Updated/));
  });

  it('passes the WCAG 2.1 AA checks and runs without script errors', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  });

  it('passes the WCAG 2.1 AA checks in dark mode too', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('fits a phone screen and links each device to its history', async () => {
    const { phoneOverflowPx } = await screenshots(page, 'devices');
    expect(phoneOverflowPx).toBeLessThanOrEqual(0);
    await row(faulty).getByRole('link', { name: faulty }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(faulty) }).waitFor();
    expect(page.url()).toContain(`#/devices/${faulty}`);
    // Focus follows the navigation to the new page's heading, for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });
});
