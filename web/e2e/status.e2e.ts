import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './accessibility';
import { collectPageErrors, launchBrowser, newContext, screenshots, unexpectedErrors } from './browser';
import { eventually } from './poll';

describe('status page', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is served by the API at / and shows the service and its store healthy', async () => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();

    const overall = page.getByTestId('overall-status');
    await eventually(() => overall.getAttribute('data-state'), (s) => expect(s).toBe('healthy'));
    expect(await overall.textContent()).toContain('All systems healthy');

    const api = page.getByTestId('health-api');
    expect(await api.locator('.badge').first().getAttribute('data-status')).toBe('healthy');
    expect(await api.textContent()).toContain('portfolio-api');

    const db = page.getByTestId('health-db');
    expect(await db.locator('[data-status="connected"]').count()).toBe(1);
    expect(await db.textContent()).toContain('sqlite');

    const runtime = await page.getByTestId('health-detailed').textContent();
    expect(runtime).toMatch(/Requests served\s*[\d,]+/);
    expect(runtime).toMatch(/Memory \(RSS\)\s*[\d.]+ (KiB|MiB)/);
  });

  it('draws the architecture and links the API docs', async () => {
    const diagram = page.getByRole('img', { name: 'Architecture' });
    expect(await diagram.count()).toBe(1);
    for (const node of ['cloudfront', 's3', 'alb', 'ecs', 'dynamodb', 'cloudwatch']) {
      expect(await page.locator(`.arch-svg-wide [data-node="${node}"]`).count()).toBe(1);
      expect(await page.locator(`.arch-svg-narrow [data-node="${node}"]`).count()).toBe(1);
    }
    expect(await page.getByRole('link', { name: 'API docs' }).getAttribute('href')).toBe('/docs');
    expect(await page.getByRole('link', { name: 'Status' }).getAttribute('aria-current')).toBe('page');
  });

  it('passes the WCAG 2.1 AA checks and runs without script errors', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  });

  it('fits a phone screen, with the diagram\'s text still readable there', async () => {
    const { phoneOverflowPx } = await screenshots(page, 'status');
    expect(phoneOverflowPx).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 375, height: 812 });
    try {
      expect(await page.getByRole('img', { name: 'Architecture' }).count()).toBe(1); // one layout shown at a time
      const smallest = await page.locator('.arch-svg-narrow text').evaluateAll((texts) =>
        Math.min(...texts.map((t) => t.getBoundingClientRect().height)));
      expect(smallest).toBeGreaterThanOrEqual(12); // was 5 px with the wide drawing scaled down
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('serves a favicon', async () => {
    const response = await page.request.get('/favicon.ico');
    expect(response.status()).toBe(200);
    expect((await response.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('links ReDoc, whose search works under the Content-Security-Policy (its worker is a blob: URL)', async () => {
    const docs = await context.newPage();
    const errors = collectPageErrors(docs);
    try {
      await docs.goto('/redoc');
      const search = docs.getByPlaceholder('Search...');
      await search.waitFor({ timeout: 20_000 });
      await search.pressSequentially('user', { delay: 50 });
      await eventually(() => docs.locator('[data-role="search:results"] li').count(), (n) => expect(n).toBeGreaterThan(0), 20_000);
      expect(errors.filter((e) => e.includes('Content Security Policy') && e.includes('worker'))).toEqual([]);
    } finally {
      await docs.close();
    }
  });
});

