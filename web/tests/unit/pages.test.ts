// @vitest-environment happy-dom
// The pages' loading, empty and error states, with the network replaced at fetch().
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devicesPage } from '../../src/pages/devices-page';
import { statusPage } from '../../src/pages/status-page';
import { parseRoute } from '../../src/router';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met; page reads: ${document.body.textContent}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function mount(page: typeof devicesPage, hash: string): AbortController {
  const root = document.createElement('main');
  document.body.replaceChildren(root);
  const controller = new AbortController();
  page(root, parseRoute(hash), controller.signal);
  return controller;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('devices page states', () => {
  it('shows a loading state first, then an empty state when no device has reported', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((r) => { answer = r; })));
    const controller = mount(devicesPage, '#/devices');
    expect(document.body.textContent).toContain('Loading devices…');
    answer(json(200, { items: [], count: 0, next_cursor: null }));
    await until(() => document.body.textContent?.includes('No devices have reported yet.') ?? false);
    expect(document.querySelector('.spinner')).toBeNull();
    controller.abort();
  });

  it('shows the error and a retry button when the API cannot be reached, and recovers on retry', async () => {
    const fetchMock = vi.fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue(json(200, { items: [], count: 0, next_cursor: null }));
    vi.stubGlobal('fetch', fetchMock);
    const controller = mount(devicesPage, '#/devices');
    await until(() => document.querySelector('[role="alert"]') !== null);
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('Cannot reach the API');
    const retry = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Try again');
    retry?.click();
    await until(() => document.body.textContent?.includes('No devices have reported yet.') ?? false);
    controller.abort();
  });
});

describe('status page', () => {
  it('reports a degraded service when the store answers 503', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      if (url.endsWith('/health')) {
        return json(200, { status: 'healthy', service: 'portfolio-api', version: '0.1.0', timestamp: '', uptime_seconds: 3 });
      }
      if (url.endsWith('/health/db')) return json(503, { status: 'unhealthy', database: 'unavailable' });
      return json(503, { error: 'Service unavailable', error_code: 'STORAGE_UNAVAILABLE', message: 'Storage is unavailable' });
    }));
    const controller = mount(statusPage, '#/status');
    const overall = (): HTMLElement | null => document.querySelector('[data-testid="overall-status"]');
    await until(() => overall()?.dataset.state !== undefined);
    expect(overall()?.dataset.state).toBe('degraded');
    expect(document.querySelector('[data-testid="health-db"] [data-status="unavailable"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="health-detailed"]')?.textContent).toContain('Storage is unavailable');
    controller.abort();
  });
});
