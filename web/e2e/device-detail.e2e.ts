import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './accessibility';
import { collectPageErrors, launchBrowser, newContext, screenshots, unexpectedErrors } from './browser';
import { eventually } from './poll';
import { regularReadings, seedReadings, unique } from './seed';

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
  const baseUrl = inject('baseUrl');
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
    pageErrors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws temperature and humidity charts with every reading of the window', async () => {
    await page.goto(`/#/devices/${deviceId}?window=24h`);
    const temperature = page.getByTestId('chart-temperature');
    await temperature.locator('canvas').waitFor({ timeout: 15_000 });
    expect(await temperature.getAttribute('data-points')).toBe(String(readings.length));
    expect(await page.getByTestId('chart-humidity').getAttribute('data-points')).toBe(String(readings.length));

    // #c2410c and #1d4ed8 are the two series' colours.
    await eventually(() => strokePixels(page, 'chart-temperature', [0xc2, 0x41, 0x0c]), (n) => expect(n).toBeGreaterThan(200));
    await eventually(() => strokePixels(page, 'chart-humidity', [0x1d, 0x4e, 0xd8]), (n) => expect(n).toBeGreaterThan(200));
  });

  it('shows the summary figures of the window', async () => {
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

  it('narrows to the last hour, and refuses a custom range that ends before it starts', async () => {
    await page.getByText('Last hour', { exact: true }).click();
    await eventually(
      () => page.getByTestId('chart-temperature').getAttribute('data-points'),
      (n) => expect(Number(n)).toBeGreaterThanOrEqual(11),
    );
    expect(Number(await page.getByTestId('chart-temperature').getAttribute('data-points'))).toBeLessThanOrEqual(12);
    expect(page.url()).toContain('window=1h');

    await page.getByText('Custom', { exact: true }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-01-02T10:00');
    await page.getByLabel('To', { exact: true }).fill('2026-01-01T10:00');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('#window-error').textContent()).toBe('The start must be before the end.');
    expect(await page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });

  it('says so when a device has never reported', async () => {
    await page.goto(`/#/devices/never-${unique()}`);
    await eventually(() => page.locator('main').textContent(), (t) => expect(t).toContain('has never reported'));
  });
});
