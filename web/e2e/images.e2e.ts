import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchBrowser, newContext, unexpectedErrors } from './browser';
import { eventually } from './poll';
import { createUser, seedReadings, unique } from './seed';

/** A real image, encoded by Chromium's own canvas (never downloaded), as bytes. */
async function canvasImage(page: Page, type: 'image/jpeg' | 'image/png', width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(async ([t, w, hgt]) => {
    const canvas = document.createElement('canvas');
    canvas.width = w as number;
    canvas.height = hgt as number;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const gradient = ctx.createLinearGradient(0, 0, w as number, hgt as number);
    gradient.addColorStop(0, '#1d4ed8');
    gradient.addColorStop(1, '#c2410c');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, w as number, hgt as number);
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, t as string, 0.9));
    if (!blob) throw new Error('toBlob failed');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  }, [type, width, height] as const);
  return Buffer.from(base64, 'base64');
}

const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');

describe('device photos and user avatars', () => {
  const baseUrl = inject('baseUrl');
  const deviceId = `e2e-photo-${unique()}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    await seedReadings(baseUrl, [{ device_id: deviceId, timestamp: Date.now() - 30_000, temperature: 21, humidity: 40, status: 'active' }]);
    browser = await launchBrowser();
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
    await page.goto(`/#/devices/${encodeURIComponent(deviceId)}`);
    await page.getByText('No photo yet.').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const photo = () => page.locator('[data-testid="image-device-preview"] img');
  const fieldError = () => page.locator('#image-device-error');
  const upload = async (name: string, mimeType: string, buffer: Buffer) => {
    await page.getByLabel('Photo', { exact: true }).setInputFiles({ name, mimeType, buffer });
    await page.getByRole('button', { name: 'Upload' }).click();
  };
  const decodedWidth = () => photo().evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
  /** The device's image_url as the API lists it (with the image's version). */
  const listedImageUrl = async (): Promise<string | undefined> => {
    const listed = await fetch(`${baseUrl}/api/v1/devices?prefix=${encodeURIComponent(deviceId)}&limit=1`);
    const page = (await listed.json()) as { items: { device_id: string; image_url?: string }[] };
    return page.items.find((d) => d.device_id === deviceId)?.image_url;
  };
  /** The shown photo's path and query, to compare with image_url. */
  const shownSrc = async (): Promise<string> => {
    const src = new URL((await photo().getAttribute('src')) ?? '', baseUrl);
    return src.pathname + src.search;
  };

  it('uploads a real JPEG and shows it', async () => {
    await upload('photo.jpg', 'image/jpeg', await canvasImage(page, 'image/jpeg', 320, 200));
    await eventually(decodedWidth, (w) => expect(w).toBe(320));
    expect(await fieldError().textContent()).toBe('');
    const served = await fetch(`${baseUrl}/api/v1/devices/${deviceId}/image`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
  });

  it('replaces it with a real PNG, shown from its new versioned image_url', async () => {
    const before = await shownSrc();
    expect(before).toBe(await listedImageUrl());
    await upload('photo.png', 'image/png', await canvasImage(page, 'image/png', 64, 48));
    await eventually(decodedWidth, (w) => expect(w).toBe(64));
    const after = await shownSrc();
    expect(after).not.toBe(before);
    expect(after).toBe(await listedImageUrl());
    const served = await fetch(`${baseUrl}/api/v1/devices/${deviceId}/image`);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('refuses an SVG renamed to .png, at the field, and keeps the old photo', async () => {
    await upload('innocent.png', 'image/png', SVG);
    await eventually(() => fieldError().textContent(), (t) => expect(t).toBe('This file is not a JPEG, PNG or WebP image.'));
    expect(await page.getByLabel('Photo', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await decodedWidth()).toBe(64);
  });

  it('refuses an oversized file, at the field; the API refuses it too', async () => {
    const big = Buffer.concat([await canvasImage(page, 'image/png', 8, 8), Buffer.alloc(5 * 1024 * 1024)]);
    await upload('huge.png', 'image/png', big);
    await eventually(() => fieldError().textContent(), (t) => expect(t).toBe('This file is larger than 5 MiB.'));
    const refused = await fetch(`${baseUrl}/api/v1/devices/${deviceId}/image`, { method: 'PUT', body: new Uint8Array(big) });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error_code: string }).error_code).toBe('PAYLOAD_TOO_LARGE');
    expect(await decodedWidth()).toBe(64);
  });

  it('removes the photo', async () => {
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No photo yet.').waitFor();
    expect((await fetch(`${baseUrl}/api/v1/devices/${deviceId}/image`)).status).toBe(404);
  });

  it('shows avatars on the users page', async () => {
    const username = `avatar_${unique()}`;
    const user = await createUser(baseUrl, username, `${username}@example.com`);
    const png = await canvasImage(page, 'image/png', 40, 40);
    const stored = await fetch(`${baseUrl}/api/v1/users/${user.user_id}/avatar`, { method: 'PUT', body: new Uint8Array(png) });
    expect(stored.status).toBe(200);
    await page.goto('/#/users');
    const avatar = page.locator(`[data-testid="avatar-${username}"]`);
    await avatar.waitFor();
    await eventually(() => avatar.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)),
      (w) => expect(w).toBe(40));
  });

  it('raised no unexpected page errors', () => {
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  });
});
