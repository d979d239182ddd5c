import { ApiError, describeError } from '../api/api-error';
import { isAbort } from '../api/client';
import { api } from '../api/portfolio-api';
import type { Device, DeviceStats } from '../api/types';
import { formatCount } from '../format/numbers';
import { formatDateTime } from '../format/time';
import {
  DEVICE_STATUSES,
  type DeviceQuery,
  type SortKey,
  filterOf,
  paramsFromQuery,
  queryFromParams,
  sameFilter,
  sortDevices,
} from '../devices/device-query';
import { devicesTable, tickLastSeen } from '../devices/device-table';
import { every } from '../ui/connectivity';
import { h, replaceChildren } from '../ui/dom';
import { emptyView, errorView, loadingView } from '../ui/states';
import type { Page } from './page';

const REFRESH_MS = 10_000;
const TICK_MS = 5_000;
const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 250;

type ChipId = 'all' | DeviceQuery['status'] | 'offline' | 'low_battery';

const CHIP_LABEL: Record<string, string> = {
  all: 'All devices', error: 'Error', maintenance: 'Maintenance', active: 'Active', inactive: 'Inactive',
  offline: 'Offline', low_battery: 'Low battery',
};

export const devicesPage: Page = (root, route, signal) => {
  let query = queryFromParams(route.query);
  /** Cursors of the pages before the one shown, for "Previous" (cursors only go forward). */
  let previousCursors: (string | null)[] = [];

  const content = h('div', { className: 'devices-content' }, loadingView('Loading devices…'));
  const chips = h('div', { className: 'chips', role: 'group', 'aria-label': 'Filter devices (fleet totals)' });
  const notice = h('p', { className: 'notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'devices-notice' });
  const refreshButton = h('button', { type: 'button', className: 'button' }, 'Refresh');
  const autoRefresh = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true });
  const search = h('input', { type: 'search', id: 'device-search', name: 'q', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'e.g. sensor-01', 'aria-describedby': 'device-search-hint device-search-error', value: query.prefix });
  const searchError = h('p', { className: 'field-error', id: 'device-search-error' });
  const previousButton = h('button', { type: 'button', className: 'button', disabled: true }, '← Previous');
  const nextButton = h('button', { type: 'button', className: 'button', disabled: true }, 'Next →');
  const pageInfo = h('span', { className: 'muted', 'data-testid': 'devices-page-info' });

  replaceChildren(root,
    h('div', { className: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Devices'),
      h('div', { className: 'toolbar' },
        h('label', { className: 'checkbox' }, autoRefresh, ' Auto-refresh every 10 s'),
        refreshButton)),
    h('form', { className: 'device-search', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { className: 'field' },
        h('label', { for: 'device-search' }, 'Search by device id'),
        search,
        h('p', { className: 'hint', id: 'device-search-hint' }, 'Devices whose id starts with what you type.'),
        searchError)),
    chips, notice, content,
    h('div', { className: 'pager' }, previousButton, pageInfo, nextButton));

  let stats: DeviceStats | null = null;
  let statsFailed = false;
  let devices: Device[] = [];
  let nextCursor: string | null = null;
  let loadedOnce = false;
  let generation = 0;

  /** Writes the state into the URL: a new history entry for a new view, or in place while typing. */
  const navigate = (next: DeviceQuery, push: boolean): void => {
    const hash = `#/devices${paramsFromQuery(next).toString() ? `?${paramsFromQuery(next).toString()}` : ''}`;
    if (push) {
      window.location.hash = hash; // hashchange brings it back through update()
    } else {
      history.replaceState(null, '', hash);
      apply(next);
    }
  };

  const chipCount = (id: string): number | undefined => {
    if (!stats) return undefined;
    if (id === 'all') return stats.devices;
    if (id === 'offline') return stats.by_connectivity?.offline;
    if (id === 'low_battery') return stats.low_battery;
    return stats.by_status?.[id as keyof DeviceStats['by_status']];
  };

  const chipPressed = (id: string): boolean => {
    if (id === 'all') return !query.status && !query.connectivity && !query.lowBattery;
    if (id === 'offline') return query.connectivity === 'offline';
    if (id === 'low_battery') return query.lowBattery;
    return query.status === id;
  };

  const toggleChip = (id: string): void => {
    const next: DeviceQuery = { ...query, cursor: null, page: 1 };
    if (id === 'all') {
      next.status = null;
      next.connectivity = null;
      next.lowBattery = false;
    } else if (id === 'offline') {
      next.connectivity = query.connectivity === 'offline' ? null : 'offline';
    } else if (id === 'low_battery') {
      next.lowBattery = !query.lowBattery;
    } else {
      next.status = query.status === id ? null : (id as DeviceQuery['status']);
    }
    navigate(next, true);
  };

  // The chips are made once and updated in place, so a keyboard user's focus stays on the one pressed.
  const chipIds: ChipId[] = ['all', ...DEVICE_STATUSES, 'offline', 'low_battery'];
  const chipParts = chipIds.map((id) => {
    const key = String(id);
    const countEl = h('span', { className: 'chip-count' });
    const button = h('button', {
      type: 'button', className: `chip chip-${key}`, 'data-chip': key, 'data-status': DEVICE_STATUSES.includes(key as never) ? key : null,
    }, h('span', { className: 'chip-label' }, CHIP_LABEL[key] ?? key), ' ', countEl);
    button.addEventListener('click', () => toggleChip(key));
    return { key, button, countEl };
  });
  replaceChildren(chips, chipParts.map((c) => c.button));

  const renderChips = (): void => {
    for (const { key, button, countEl } of chipParts) {
      const count = chipCount(key);
      button.setAttribute('aria-pressed', String(chipPressed(key)));
      countEl.dataset.count = count === undefined ? '' : String(count);
      countEl.textContent = count === undefined ? (statsFailed ? '—' : '…') : formatCount(count);
    }
  };

  const onSort = (key: SortKey): void => {
    const dir = query.sort === key && query.dir === 'asc' ? 'desc' : 'asc';
    navigate({ ...query, sort: key, dir }, true);
  };

  const renderTable = (): void => {
    // A sort button pressed from the keyboard keeps the focus across the table's redraw.
    const focusedSort = (document.activeElement as HTMLElement | null)?.dataset?.sort;
    const filtered = query.status || query.connectivity || query.lowBattery || query.prefix;
    if (devices.length === 0) {
      replaceChildren(content, filtered
        ? emptyView('No device matches these filters.', 'Clear the search or choose “All devices”.')
        : emptyView('No devices have reported yet.', 'Readings sent to POST /api/v1/metrics (for example by portfolio-sim) appear here.'));
    } else {
      replaceChildren(content, devicesTable(sortDevices(devices, query.sort, query.dir), { key: query.sort, dir: query.dir }, onSort));
      if (focusedSort) content.querySelector<HTMLElement>(`[data-sort="${focusedSort}"]`)?.focus();
    }
    const first = (query.page - 1) * PAGE_SIZE + 1;
    pageInfo.textContent = devices.length === 0 ? `Page ${query.page}`
      : `Page ${query.page} · devices ${formatCount(first)}–${formatCount(first + devices.length - 1)}`;
    previousButton.disabled = query.page <= 1;
    nextButton.disabled = nextCursor === null;
  };

  const showSearchError = (message: string): void => {
    searchError.textContent = message;
    search.setAttribute('aria-invalid', 'true');
  };
  const clearSearchError = (): void => {
    searchError.textContent = '';
    search.removeAttribute('aria-invalid');
  };

  /** Loads the page shown and the fleet totals, nothing more. */
  const load = async (): Promise<void> => {
    const mine = ++generation;
    refreshButton.setAttribute('aria-busy', 'true');
    const statsCall = api.deviceStats(signal).then((s) => {
      if (mine !== generation) return;
      stats = s;
      statsFailed = false;
      renderChips();
    }, (err: unknown) => {
      if (isAbort(err) || mine !== generation) return;
      statsFailed = true; // the last totals stay on the chips
      if (!stats) renderChips();
    });
    try {
      const result = await api.listDevices({ ...filterOf(query), limit: PAGE_SIZE, cursor: query.cursor }, signal);
      if (mine !== generation) return;
      devices = result.items;
      nextCursor = result.next_cursor;
      loadedOnce = true;
      clearSearchError();
      notice.textContent = `Updated ${formatDateTime(Date.now())}`;
      notice.classList.remove('notice-warning');
      renderTable();
    } catch (err) {
      if (isAbort(err) || mine !== generation) return;
      const field = err instanceof ApiError && err.code === 'VALIDATION_ERROR' ? err.details[0]?.field : undefined;
      if (field === 'cursor' && query.cursor) {
        // A cursor that no longer works (another filter, or a restarted service): back to page one.
        navigate({ ...query, cursor: null, page: 1 }, false);
        return;
      }
      if (field === 'prefix') {
        showSearchError(err instanceof ApiError ? (err.details[0]?.message ?? err.message) : describeError(err));
        devices = [];
        nextCursor = null;
        renderTable();
        return;
      }
      if (loadedOnce) {
        // Keep what is on screen; say that it is stale and why. The next refresh tries again.
        notice.textContent = `Refresh failed: ${describeError(err)} Showing the last data loaded.`;
        notice.classList.add('notice-warning');
      } else {
        replaceChildren(content, errorView(err, () => {
          replaceChildren(content, loadingView('Loading devices…'));
          void load();
        }));
      }
    } finally {
      await statsCall;
      if (mine === generation) refreshButton.removeAttribute('aria-busy');
    }
  };

  /** Shows a new state: reloads only if what the API would return changed. */
  const apply = (next: DeviceQuery): void => {
    const previous = query;
    query = next;
    if (search.value !== next.prefix && document.activeElement !== search) search.value = next.prefix;
    renderChips();
    const listChanged = !sameFilter(previous, next) || previous.cursor !== next.cursor;
    if (!sameFilter(previous, next)) previousCursors = [];
    if (listChanged) {
      replaceChildren(content, loadingView('Loading devices…'));
      void load();
    } else {
      renderTable();
    }
  };

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearSearchError();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      const prefix = search.value.trim();
      if (prefix !== query.prefix) navigate({ ...query, prefix, cursor: null, page: 1 }, false);
    }, SEARCH_DELAY_MS);
  });
  signal.addEventListener('abort', () => clearTimeout(searchTimer), { once: true });

  nextButton.addEventListener('click', () => {
    if (!nextCursor) return;
    previousCursors.push(query.cursor);
    navigate({ ...query, cursor: nextCursor, page: query.page + 1 }, true);
  });
  previousButton.addEventListener('click', () => {
    // Back to the cursor of the page before; after a reload on page n the way back is page one.
    const cursor = previousCursors.length > 0 ? (previousCursors.pop() ?? null) : null;
    navigate({ ...query, cursor, page: cursor === null ? 1 : query.page - 1 }, true);
  });
  refreshButton.addEventListener('click', () => void load());
  every(REFRESH_MS, signal, () => {
    if (autoRefresh.checked) void load();
  });
  const ticker = setInterval(() => tickLastSeen(content), TICK_MS);
  signal.addEventListener('abort', () => clearInterval(ticker), { once: true });

  renderChips();
  void load();
  return {
    title: 'Devices',
    update: (next) => apply(queryFromParams(next.query)),
  };
};
