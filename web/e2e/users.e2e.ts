import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations } from './accessibility';
import { collectPageErrors, launchBrowser, newContext, screenshots, unexpectedErrors } from './browser';
import { eventually } from './poll';
import { createUser, getUser, unique } from './seed';

describe('users page', () => {
  const baseUrl = inject('baseUrl');
  const suffix = unique();
  const username = `e2e_${suffix}`;
  const email = `e2e.${suffix}@example.com`;
  const takenName = `taken_${suffix}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let userId = '';

  beforeAll(async () => {
    await createUser(baseUrl, takenName, `taken.${suffix}@example.com`);
    browser = await launchBrowser();
    context = await newContext(browser, baseUrl);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
    await page.goto('/#/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const row = (name: string) => page.locator('[data-testid="users-table"] tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const fieldError = (field: string) => page.locator(`#user-${field}-error`);

  it('shows the API\'s validation errors at the fields they concern', async () => {
    await page.getByLabel('Username').fill('a!');
    await page.getByLabel('Email').fill('not-an-address');
    await page.getByRole('button', { name: 'Create user' }).click();
    await eventually(() => fieldError('username').textContent(), (t) => expect(t).not.toBe(''));
    expect(await fieldError('email').textContent()).not.toBe('');
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('user-username');
    const { phoneOverflowPx } = await screenshots(page, 'users-validation');
    expect(phoneOverflowPx).toBeLessThanOrEqual(0);
  });

  it('clears a field\'s error as soon as the user types the fix, and only that field\'s', async () => {
    await page.getByLabel('Username').press('End');
    await page.keyboard.type('b');
    expect(await fieldError('username').textContent()).toBe('');
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBeNull();
    expect(await fieldError('email').textContent()).not.toBe('');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a taken username at the username field', async () => {
    await page.getByLabel('Username').fill(takenName.toUpperCase()); // unique regardless of case
    await page.getByLabel('Email').fill(`other.${suffix}@example.com`);
    await page.getByRole('button', { name: 'Create user' }).click();
    await eventually(() => fieldError('username').textContent(), (t) => expect(t).toBe('This username is already taken.'));
    expect(await fieldError('email').textContent()).toBe('');
  });

  it('creates a user through the form', async () => {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Create user' }).click();
    await eventually(() => page.getByTestId('users-notice').textContent(), (t) => expect(t).toBe(`Created ${username}.`));
    await row(username).waitFor();
    expect(await row(username).textContent()).toContain(email);
    // Shown on the page in view, whichever page the list's order puts it on.
    expect(await row(username).locator('[data-flag="new"]').count()).toBe(1);
    expect(await fieldError('username').textContent()).toBe('');
    expect(await page.getByLabel('Username').inputValue()).toBe('');
    userId = (await row(username).getAttribute('data-user-id')) ?? '';
    const stored = await getUser(baseUrl, userId);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ username, email, status: 'active' });
    const { phoneOverflowPx } = await screenshots(page, 'users');
    expect(phoneOverflowPx).toBeLessThanOrEqual(0);
  });

  it('passes the WCAG 2.1 AA checks and runs without script errors', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  });

  it('edits the user', async () => {
    await page.getByRole('button', { name: `Edit ${username}` }).click();
    await page.getByRole('heading', { name: `Edit ${username}` }).waitFor();
    expect(await page.getByLabel('Username').inputValue()).toBe(username);
    const newEmail = `changed.${suffix}@example.com`;
    await page.getByLabel('Email').fill(newEmail);
    await page.getByLabel('Status').selectOption('inactive');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => page.getByTestId('users-notice').textContent(), (t) => expect(t).toBe(`Saved ${username}.`));
    await eventually(() => row(username).textContent(), (t) => expect(t).toContain(newEmail));
    expect(await row(username).locator('.badge').getAttribute('data-status')).toBe('inactive');
    expect((await getUser(baseUrl, userId)).body).toMatchObject({ email: newEmail, status: 'inactive' });
  });

  it('deletes the user only after confirmation', async () => {
    await page.getByRole('button', { name: `Delete ${username}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete user?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(username);
    await screenshots(page, 'users-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await getUser(baseUrl, userId)).status).toBe(200);

    // From the keyboard: focus starts on the safe choice, and Escape cancels.
    await page.getByRole('button', { name: `Delete ${username}` }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Delete ${username}`);
    expect((await getUser(baseUrl, userId)).status).toBe(200);

    await page.getByRole('button', { name: `Delete ${username}` }).click();
    await page.getByRole('dialog', { name: 'Delete user?' }).getByRole('button', { name: 'Delete' }).click();
    await eventually(() => page.getByTestId('users-notice').textContent(), (t) => expect(t).toBe(`Deleted ${username}.`));
    await eventually(() => row(username).count(), (n) => expect(n).toBe(0));
    expect((await getUser(baseUrl, userId)).status).toBe(404);
  });
});
