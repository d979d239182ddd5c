// @vitest-environment happy-dom
// The pages' loading, empty and error states, with the network replaced at fetch() by answers from
// tests/fixtures (which fixtures-contract.test.ts holds to the OpenAPI document).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devicesPage } from '../../src/pages/devices-page';
import type { Page } from '../../src/pages/page';
import { statusPage } from '../../src/pages/status-page';
import { parseRoute } from '../../src/router';
import { FIXTURES, type Fixture, respond } from '../fixtures/api-fixtures';

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met; page reads: ${document.body.textContent}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function mount(page: Page, hash: string): AbortController {
  const root = document.createElement('main');
  document.body.replaceChildren(root);
  const controller = new AbortController();
  page(root, parseRoute(hash), controller.signal);
  return controller;
}

/** A fetch that answers each path with a fixture, recording the URLs asked for. */
function serve(routes: Record<string, Fixture | (() => Fixture | Promise<Response>)>): { calls: string[] } {
  const calls: string[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    calls.push(url);
    const path = url.split('?')[0] ?? url;
    const route = routes[path];
    if (!route) throw new TypeError('Failed to fetch');
    const answer = typeof route === 'function' ? route() : route;
    return answer instanceof Promise ? answer : respond(answer);
  }));
  return { calls };
}

const text = (): string => document.body.textContent ?? '';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('devices page', () => {
  it('shows a loading state first, then an empty state when no device has reported', async () => {
    let answer: (r: Response) => void = () => {};
    serve({ '/api/v1/devices': () => new Promise<Response>((r) => { answer = r; }), '/api/v1/devices/stats': FIXTURES.deviceStats });
    const controller = mount(devicesPage, '#/devices');
    expect(text()).toContain('Loading devices…');
    answer(respond(FIXTURES.devicesEmpty));
    await until(() => text().includes('No devices have reported yet.'));
    expect(document.querySelector('.spinner')).toBeNull();
    controller.abort();
  });

  it('shows the fleet totals on the chips, and offline and low-battery devices at a glance', async () => {
    serve({ '/api/v1/devices': FIXTURES.devicesPage, '/api/v1/devices/stats': FIXTURES.deviceStats });
    const controller = mount(devicesPage, '#/devices');
    await until(() => document.querySelector('[data-device-id="sensor-02"]') !== null);
    await until(() => document.querySelector('[data-chip="error"] .chip-count')?.textContent === '3');
    expect(document.querySelector('[data-chip="all"] .chip-count')?.textContent).toBe('10,000');
    expect(document.querySelector('[data-chip="offline"] .chip-count')?.textContent).toBe('4');
    expect(document.querySelector('[data-chip="low_battery"] .chip-count')?.textContent).toBe('5');
    expect(document.querySelector('[data-device-id="sensor-02"] [data-flag="low-battery"]')).not.toBeNull();
    expect(document.querySelector('[data-device-id="sensor-03"] [data-flag="offline"]')).not.toBeNull();
    expect(document.querySelector('[data-device-id="sensor-01"] [data-flag]')).toBeNull();
    controller.abort();
  });

  it('sends the chosen filters and search to the API, and pages with the cursor it gave', async () => {
    const { calls } = serve({ '/api/v1/devices': FIXTURES.devicesPage, '/api/v1/devices/stats': FIXTURES.deviceStats });
    const controller = mount(devicesPage, '#/devices?status=error&low_battery=true&q=sens&cursor=abc&page=2');
    await until(() => document.querySelector('[data-device-id="sensor-01"]') !== null);
    const list = calls.find((u) => u.startsWith('/api/v1/devices?')) ?? '';
    const params = new URL(list, 'http://x').searchParams;
    expect(Object.fromEntries(params)).toEqual({ status: 'error', low_battery: 'true', prefix: 'sens', cursor: 'abc', limit: '100' });
    expect(document.querySelector('[data-chip="error"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(document.querySelector('[data-testid="devices-page-info"]')?.textContent).toContain('devices 101–103');
    controller.abort();
  });

  it('shows a prefix the API refuses at the search box, and clears it as the user types', async () => {
    serve({ '/api/v1/devices': FIXTURES.devicesBadPrefix, '/api/v1/devices/stats': FIXTURES.deviceStats });
    const controller = mount(devicesPage, '#/devices?q=bad%20id');
    const error = (): string => document.querySelector('#device-search-error')?.textContent ?? '';
    await until(() => error() !== '');
    expect(error()).toContain('must be 1-64 characters');
    const input = document.querySelector<HTMLInputElement>('#device-search');
    expect(input?.getAttribute('aria-invalid')).toBe('true');
    input?.dispatchEvent(new Event('input'));
    expect(error()).toBe('');
    expect(input?.hasAttribute('aria-invalid')).toBe(false);
    controller.abort();
  });

  it('shows a 500 with its request id, and says the server is down (not the connection) when it does not answer', async () => {
    serve({ '/api/v1/devices': FIXTURES.devicesFailed });
    let controller = mount(devicesPage, '#/devices');
    await until(() => document.querySelector('[role="alert"]') !== null);
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('request id req-7f3a9c');
    controller.abort();

    serve({});
    controller = mount(devicesPage, '#/devices');
    await until(() => document.querySelector('[role="alert"]') !== null);
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('The server is not answering');
    expect(text()).not.toContain('connection');
    controller.abort();
  });

  it('recovers on retry', async () => {
    let down = true;
    serve({ '/api/v1/devices': () => (down ? Promise.reject(new TypeError('Failed to fetch')) : FIXTURES.devicesPage),
      '/api/v1/devices/stats': FIXTURES.deviceStats });
    const controller = mount(devicesPage, '#/devices');
    await until(() => document.querySelector('[role="alert"]') !== null);
    down = false;
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Try again')?.click();
    await until(() => document.querySelector('[data-device-id="sensor-01"]') !== null);
    controller.abort();
  });
});

describe('status page', () => {
  it('reports a degraded service when the store is down (/health/db 503, /health/detailed 200 "degraded")', async () => {
    serve({ '/health': FIXTURES.health, '/health/db': FIXTURES.dbUnavailable, '/health/detailed': FIXTURES.detailedDegraded });
    const controller = mount(statusPage, '#/status');
    const overall = (): HTMLElement | null => document.querySelector('[data-testid="overall-status"]');
    await until(() => overall()?.dataset.state !== undefined);
    expect(overall()?.dataset.state).toBe('degraded');
    expect(document.querySelector('[data-testid="health-db"] [data-status="unavailable"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="health-detailed"] [data-status="degraded"]')).not.toBeNull();
    controller.abort();
  });

  it('keeps its cards in place while it checks, so nothing shifts when the answers arrive', () => {
    serve({ '/health': () => new Promise<Response>(() => {}) });
    const controller = mount(statusPage, '#/status');
    expect(document.querySelectorAll('.cards .card')).toHaveLength(3);
    expect(document.querySelector('.checked-at')?.textContent).not.toBe('');
    controller.abort();
  });
});
