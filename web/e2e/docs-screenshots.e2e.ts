// The README's screenshots (docs/screenshots/*-desktop.png at 1280 px, *-phone.png at 375 px) of a
// small fleet with one device in error, one offline and one with a low battery. Against a binary
// without the fleet API, /devices/stats and /series are answered in the browser from the API's own
// data (devices list, history) in the contract's shapes, so the pages can still be pictured.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshots } from './browser';
import { type SeedReading, regularReadings, seedReadings } from './seed';
import { stubFleetApi } from './fleet-stub';
import { type RunningServer, hasFleetApi, startServer } from './server';

const server: RunningServer = await startServer('api-screenshots.log');
const fleetApi = await hasFleetApi(server.baseUrl);
const CHART_DEVICE = 'greenhouse-01';

describe('README screenshots', () => {
  let page: Page;
  const close: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const now = Date.now();
    const fleet: SeedReading[] = Array.from({ length: 24 }, (_, i) => ({
      device_id: `sensor-${String(i + 1).padStart(2, '0')}`,
      timestamp: i === 9 ? now - 3 * 3600_000 : now - (i + 1) * 20_000,
      temperature: Math.round((19 + (i % 7) * 0.8) * 10) / 10,
      humidity: 38 + (i % 5) * 3,
      status: i === 4 ? 'error' : i === 15 ? 'maintenance' : 'active',
      battery_level: i === 12 ? 7 : 60 + (i % 4) * 10,
      location: ['lab', 'roof', 'hall', 'yard'][i % 4] as string,
    }));
    const chart = regularReadings(CHART_DEVICE, 24, 5, now).map((r, i) => ({
      ...r, temperature: Math.round((22 + 5 * Math.sin(i / 20) + (i % 3) * 0.4) * 10) / 10,
    }));
    await seedReadings(server.baseUrl, [...fleet, ...chart]);
    const browser = await launchBrowser();
    close.push(() => browser.close());
    page = await (await newContext(browser, server.baseUrl)).newPage();
    if (!fleetApi) await stubFleetApi(page, server.baseUrl);
  }, 60_000);
  afterAll(async () => {
    for (const c of close) await c();
    await server.stop();
  });

  it('pictures the status, devices, device and users pages', async () => {
    await page.goto('/#/status');
    await page.locator('[data-testid="overall-status"][data-state="healthy"]').waitFor();
    await screenshots(page, 'status');
    await page.goto('/#/devices');
    await page.locator('[data-chip="all"] .chip-count[data-count="25"]').waitFor();
    await screenshots(page, 'devices');
    await page.goto(`/#/devices/${CHART_DEVICE}?window=24h`);
    await page.getByTestId('chart-battery').locator('canvas').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="history-table"]').waitFor();
    await screenshots(page, 'device');
    await page.goto('/#/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(await page.locator('main').count()).toBe(1);
  });
});
