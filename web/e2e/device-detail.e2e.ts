import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './accessibility';
import { collectPageErrors, launchBrowser, newContext, screenshots, unexpectedErrors } from './browser';
import { eventually } from './poll';
import { type SeedReading, regularReadings, seedReadings, unique } from './seed';
import { stubFleetApi } from './fleet-stub';
import { hasFleetApi } from './server';

const baseUrl = inject('baseUrl');
const fleetApi = await hasFleetApi(baseUrl);
// Without the fleet API, /series is answered in the browser from the real history (fleet-stub.ts),
// which checks the charts' side; the real endpoint needs the fleet branch.
const SERIES = fleetApi ? '' : ' (series stubbed until the fleet API is merged)';

/** Counts canvas pixels close to a series' stroke colour: proof that uPlot drew the line. */
async function strokePixels(page: Page, testId: string, rgb: [number, number, number]): Promise<number> {
  return page.locator(`[data-testid="${testId}"] canvas`).evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const close = Math.abs((data[i] as number) - r) < 40 && Math.abs((data[i + 1] as number) - g) < 40 && Math.abs((data[i + 2] as number) - b) < 40;
      if (close && (data[i + 3] as number) > 128) n += 1;
    }
    return n;
  }, rgb);
}

describe('device detail page', () => {
  const deviceId = `e2e-chart-${unique()}`;
  const readings = regularReadings(deviceId, 4, 5); // 48 readings, the last one 30 s ago
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    await seedReadings(baseUrl, readings);
    browser = await launchBrowser();
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
    if (!fleetApi) await stubFleetApi(page, baseUrl);
    pageErrors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`draws temperature, humidity and battery from series, one point per bucket${SERIES}`, async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    const temperature = page.getByTestId('chart-temperature');
    await temperature.locator('canvas').waitFor({ timeout: 15_000 });
    // 48 readings 5 minutes apart: auto picks 5-minute buckets for 24 h (288 <= 500), one reading each.
    expect(await temperature.getAttribute('data-points')).toBe(String(readings.length));
    expect(await temperature.getAttribute('data-gaps')).toBe('0');
    expect(await page.getByTestId('chart-humidity').getAttribute('data-points')).toBe(String(readings.length));
    expect(await page.getByTestId('chart-battery').getAttribute('data-points')).toBe(String(readings.length));
    expect(await page.getByTestId('chart-note').textContent()).toContain(`${readings.length} readings in ${readings.length} buckets of 5 min`);

    // #c2410c and #1d4ed8 are the two series' colours.
    await eventually(() => strokePixels(page, 'chart-temperature', [0xc2, 0x41, 0x0c]), (n) => expect(n).toBeGreaterThan(200));
    await eventually(() => strokePixels(page, 'chart-humidity', [0x1d, 0x4e, 0xd8]), (n) => expect(n).toBeGreaterThan(200));
  });

  it('shows the summary figures of the window', async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    const figures = page.getByTestId('summary-figures');
    await figures.waitFor();
    const text = (await figures.textContent()) ?? '';
    expect(text).toContain(`Readings${readings.length}`);
    const temps = readings.map((r) => r.temperature);
    expect(text).toContain(`${Math.min(...temps).toFixed(1)} °C`);
    expect(text).toContain(`${Math.max(...temps).toFixed(1)} °C`);
  });

  it('pages through the history, newest first, in the viewer\'s time zone', async () => {
    const rows = page.locator('[data-testid="history-table"] tbody tr');
    await eventually(() => rows.count(), (n) => expect(n).toBe(20));
    const firstTime = await rows.first().locator('th').textContent();
    expect(firstTime).toContain('GMT+9'); // the browser context runs in Asia/Tokyo
    expect(await page.getByText('Time window (times in Asia/Tokyo)').count()).toBe(1);

    const older = page.getByRole('button', { name: 'Older →' });
    const newer = page.getByRole('button', { name: '← Newer' });
    expect(await newer.isDisabled()).toBe(true);
    await older.click();
    await eventually(() => page.locator('.pager').last().textContent(), (t) => expect(t).toContain('Page 2'));
    const secondPageFirst = await rows.first().locator('th').textContent();
    expect(secondPageFirst).not.toBe(firstTime);
    await older.click();
    await eventually(() => rows.count(), (n) => expect(n).toBe(readings.length - 40));
    expect(await older.isDisabled()).toBe(true);
    await newer.click();
    await eventually(() => page.locator('.pager').last().textContent(), (t) => expect(t).toContain('Page 2'));
    expect(await rows.first().locator('th').textContent()).toBe(secondPageFirst);
  });

  it('passes the WCAG 2.1 AA checks and runs without script errors', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const { phoneOverflowPx } = await screenshots(page, 'device');
    expect(phoneOverflowPx).toBeLessThanOrEqual(0);
  });

  it(`narrows to the last hour, and Back returns to 24 hours${SERIES}`, async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    await page.getByTestId('chart-temperature').locator('canvas').waitFor({ timeout: 15_000 });
    await page.getByText('Last hour', { exact: true }).click();
    await eventually(async () => page.url(), (u) => expect(u).toContain('window=1h'));
    // The hour's 11 or 12 five-minute buckets (waits out the 24-hour charts still on screen).
    await eventually(
      () => page.getByTestId('chart-temperature').getAttribute('data-points'),
      (n) => expect([11, 12]).toContain(Number(n)),
    );
    await page.goBack();
    await eventually(() => page.getByTestId('chart-temperature').getAttribute('data-points'), (n) => expect(n).toBe(String(readings.length)));
    expect(await page.locator('input[name="window"][value="24h"]').isChecked()).toBe(true);
  });

  it('refuses a custom range that ends before it starts, and clears the error as the user corrects it', async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    await page.getByText('Custom', { exact: true }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-01-02T10:00');
    await page.getByLabel('To', { exact: true }).fill('2026-01-01T10:00');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('#window-error').textContent()).toBe('The start must be before the end.');
    expect(await page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('To', { exact: true }).fill('2026-01-03T10:00');
    expect(await page.locator('#window-error').textContent()).toBe('');
    expect(await page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).toBeNull();
  });

  it('exports the window\'s history as CSV, every page of it', async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    await page.locator('[data-testid="history-table"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('device_id,timestamp,time_utc,status,temperature,humidity,battery_level,location');
    expect(lines).toHaveLength(readings.length + 1);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${deviceId}_\\d{8}T\\d{6}_\\d{8}T\\d{6}\\.csv$`));
  });

  it('says so when a device has never reported', async () => {
    await page.goto(`/#/devices/never-${unique()}`);
    await eventually(() => page.locator('main').textContent(), (t) => expect(t).toContain('has never reported'));
  });
});

describe(`a device whose reporting interval changes${SERIES}`, () => {
  const deviceId = `e2e-interval-${unique()}`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The case: a day at 5 minutes (a backfill), then 50 minutes at 10 seconds (a live run).
    const now = Date.now();
    const liveStart = now - 50 * 60_000;
    const backfill: SeedReading[] = regularReadings(deviceId, 24, 5, liveStart).slice(12); // within the 24 h window
    const live: SeedReading[] = Array.from({ length: 300 }, (_, i) => ({
      device_id: deviceId, timestamp: liveStart + i * 10_000, temperature: 24 + (i % 10) / 10, humidity: 50,
      status: 'active' as const, battery_level: 70,
    }));
    await seedReadings(baseUrl, [...backfill, ...live]);
    browser = await launchBrowser();
    page = await (await newContext(browser, baseUrl)).newPage();
    if (!fleetApi) await stubFleetApi(page, baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every bucket of the day, the 5-minute part as well as the 10-second part', async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    const chart = page.getByTestId('chart-temperature');
    await chart.locator('canvas').waitFor({ timeout: 15_000 });
    const buckets = Number(await page.locator('.charts').getAttribute('data-buckets'));
    expect(buckets).toBeGreaterThan(270); // about 276 five-minute buckets plus 10 of the live run
    expect(await chart.getAttribute('data-points')).toBe(String(buckets));
    expect(await chart.getAttribute('data-gaps')).toBe('0');
    const note = (await page.getByTestId('chart-note').textContent()) ?? '';
    const readingsShown = Number(/^([\d,]+) readings/.exec(note)?.[1]?.replace(/,/g, ''));
    expect(readingsShown).toBeGreaterThan(550);
    // The line is drawn over the whole day, not only the last 50 minutes.
    const leftHalf = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return 0;
      const { data } = ctx.getImageData(0, 0, Math.floor(canvas.width / 2), canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs((data[i] as number) - 0xc2) < 40 && Math.abs((data[i + 1] as number) - 0x41) < 40 && (data[i + 3] as number) > 128) n += 1;
      }
      return n;
    });
    expect(leftHalf).toBeGreaterThan(200);
  });
});
