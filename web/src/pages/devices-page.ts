import { describeError } from '../api/api-error';
import { isAbort } from '../api/client';
import { api } from '../api/portfolio-api';
import type { Device } from '../api/types';
import { countByStatus } from '../devices/device-counts';
import { formatPercent, formatTemperature } from '../format/numbers';
import { formatDateTime, formatRelative } from '../format/time';
import { deviceHref } from '../router';
import { every } from '../ui/connectivity';
import { h, replaceChildren } from '../ui/dom';
import { emptyView, errorView, loadingView } from '../ui/states';
import { statusBadge } from '../ui/status-badge';
import type { Page } from './page';

const REFRESH_MS = 10_000;
const PAGE_SIZE = 100;
/** Refreshing re-reads every page the user has opened, up to this many. */
const MAX_PAGES = 10;

function deviceRow(d: Device, now: number): HTMLElement {
  const r = d.latest;
  const cell = (label: string, ...content: (Node | string)[]): HTMLElement => h('td', { 'data-label': label }, ...content);
  return h('tr', { 'data-device-id': d.device_id },
    h('th', { scope: 'row', 'data-label': 'Device' }, h('a', { href: deviceHref(d.device_id) }, d.device_id)),
    cell('Status', statusBadge(d.status)),
    cell('Temperature', formatTemperature(r?.temperature)),
    cell('Humidity', formatPercent(r?.humidity)),
    cell('Battery', formatPercent(r?.battery_level)),
    cell('Location', r?.location ?? '—'),
    cell('Last seen', h('time', { datetime: new Date(d.last_seen).toISOString(), title: formatDateTime(d.last_seen) },
      formatRelative(d.last_seen, now))));
}

function devicesTable(devices: Device[]): HTMLElement {
  const now = Date.now();
  return h('div', { className: 'table-wrap' },
    h('table', { className: 'table responsive', 'data-testid': 'devices-table' },
      h('caption', { className: 'visually-hidden' }, 'Latest reading of each device'),
      h('thead', {}, h('tr', {}, ['Device', 'Status', 'Temperature', 'Humidity', 'Battery', 'Location', 'Last seen']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, devices.map((d) => deviceRow(d, now)))));
}

export const devicesPage: Page = (root, _route, signal) => {
  const content = h('div', { 'aria-live': 'off' }, loadingView('Loading devices…'));
  const summary = h('div', { className: 'chips', role: 'group', 'aria-label': 'Devices by status' });
  const notice = h('p', { className: 'notice', role: 'status', 'aria-live': 'polite' });
  const refreshButton = h('button', { type: 'button', className: 'button' }, 'Refresh');
  const autoRefresh = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true });
  const moreButton = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more devices');

  replaceChildren(root,
    h('div', { className: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Devices'),
      h('div', { className: 'toolbar' },
        h('label', { className: 'checkbox' }, autoRefresh, ' Auto-refresh every 10 s'),
        refreshButton)),
    summary, notice, content, moreButton);

  let devices: Device[] = [];
  let pagesWanted = 1;
  let nextCursor: string | null = null;
  let loadedOnce = false;
  let running = false;

  const render = (): void => {
    replaceChildren(summary, countByStatus(devices).map(({ status, count }) =>
      h('span', { className: 'chip' }, statusBadge(status), ` ${count}`)));
    if (devices.length === 0) {
      replaceChildren(content, emptyView('No devices have reported yet.',
        'Readings sent to POST /api/v1/metrics (for example by portfolio-sim) appear here.'));
    } else {
      replaceChildren(content, devicesTable(devices));
    }
    moreButton.hidden = nextCursor === null || pagesWanted >= MAX_PAGES;
  };

  const load = async (): Promise<void> => {
    if (running) return;
    running = true;
    refreshButton.setAttribute('aria-busy', 'true');
    try {
      const collected: Device[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < pagesWanted; page += 1) {
        const result = await api.listDevices({ limit: PAGE_SIZE, cursor }, signal);
        collected.push(...result.items);
        cursor = result.next_cursor;
        if (!cursor) break;
      }
      devices = collected;
      nextCursor = cursor;
      loadedOnce = true;
      notice.textContent = `Updated ${formatDateTime(Date.now())}`;
      notice.classList.remove('notice-warning');
      render();
    } catch (err) {
      if (isAbort(err)) return;
      if (loadedOnce) {
        // Keep what is on screen; say that it is stale and why.
        notice.textContent = `Refresh failed: ${describeError(err)} Showing the last data loaded.`;
        notice.classList.add('notice-warning');
      } else {
        replaceChildren(content, errorView(err, () => {
          replaceChildren(content, loadingView('Loading devices…'));
          void load();
        }));
      }
    } finally {
      running = false;
      refreshButton.removeAttribute('aria-busy');
    }
  };

  refreshButton.addEventListener('click', () => void load());
  moreButton.addEventListener('click', () => {
    pagesWanted += 1;
    void load();
  });
  every(REFRESH_MS, signal, () => {
    if (autoRefresh.checked) void load();
  });
  void load();
  return 'Devices';
};
