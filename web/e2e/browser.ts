// Debian's Chromium driven by playwright-core, with the flags that keep it from reaching for the
// network, and the screenshot helper every page test uses.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh context at desktop size, in a fixed zone so that the tests can check times are shown in it. */
export function newContext(browser: Browser, baseUrl: string, timezoneId = 'Asia/Tokyo'): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, timezoneId, locale: 'en-GB' });
}

/**
 * Saves `name-desktop.png` and `name-phone.png` of the page as it is, and checks that at phone width
 * nothing makes the page scroll sideways (a layout that does not fit 375 px).
 */
export async function screenshots(page: Page, name: string): Promise<{ phoneOverflowPx: number }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await settle(page);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await settle(page);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  const phoneOverflowPx = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(original);
  await settle(page);
  return { phoneOverflowPx };
}

/** Lets resize observers and the charts redraw after a viewport change. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await page.waitForTimeout(150);
}

/**
 * Collects the page's console errors and uncaught exceptions (a Content-Security-Policy violation
 * shows up here too), so that a test can assert the page ran cleanly.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * The errors other than the browser's note of a failed API call (a 4xx/5xx or going offline), which
 * the tests provoke on purpose and the page handles. CSP violations ("Refused to ...") stay in.
 */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.filter((e) => !e.startsWith('Failed to load resource: '));
}
