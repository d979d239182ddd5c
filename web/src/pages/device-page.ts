import { ApiError, describeError } from '../api/api-error';
import { isAbort } from '../api/client';
import { CursorPager } from '../api/paging';
import { api } from '../api/portfolio-api';
import type { Device, DeviceSummary, Reading } from '../api/types';
import type { DeviceCharts } from '../charts/device-charts';
import { collectHistory, download, readingsToCsv } from '../devices/csv-export';
import { lastSeenCell, tickLastSeen } from '../devices/device-table';
import { type TimeWindow, type WindowChoice, choiceFromQuery, choiceToQuery, computeWindow } from '../devices/time-window';
import { windowPicker } from '../devices/window-picker';
import { formatCount, formatPercent, formatTemperature } from '../format/numbers';
import { formatDateTime } from '../format/time';
import { deviceHref } from '../router';
import { every } from '../ui/connectivity';
import { imagePanel } from '../images/image-panel';
import { h, replaceChildren } from '../ui/dom';
import { emptyView, errorView, loadingView } from '../ui/states';
import { statusBadge } from '../ui/status-badge';
import type { Page } from './page';

const HISTORY_PAGE_SIZE = 20;
const REFRESH_MS = 15_000;
const TICK_MS = 5_000;
const CHART_SLOTS = [['chart-temperature', 'Temperature (°C)'], ['chart-humidity', 'Humidity (%)'], ['chart-battery', 'Battery (lowest) (%)']];

const FIGURE_LABELS = ['Readings', 'Temperature min / avg / max', 'Humidity min / avg / max', 'Lowest battery', 'Latest status', 'Latest reading'];
const figure = (label: string, value: string | Node): HTMLElement =>
  h('div', { className: 'figure' }, h('dt', {}, label), h('dd', {}, value));

/** The figures with their values still to come, the size they will have, so nothing below moves. */
function summaryPlaceholder(): HTMLElement {
  return h('dl', { className: 'figures', 'aria-busy': 'true' }, FIGURE_LABELS.map((l) => figure(l, '…')));
}

function summaryFigures(s: DeviceSummary | undefined): HTMLElement {
  if (!s || s.count === 0) return emptyView('No readings in this window.', 'Choose a longer window to see older data.');
  return h('dl', { className: 'figures', 'data-testid': 'summary-figures' },
    figure('Readings', formatCount(s.count)),
    figure('Temperature min / avg / max',
      `${formatTemperature(s.temperature?.min)} / ${formatTemperature(s.temperature?.avg)} / ${formatTemperature(s.temperature?.max)}`),
    figure('Humidity min / avg / max',
      `${formatPercent(s.humidity?.min)} / ${formatPercent(s.humidity?.avg)} / ${formatPercent(s.humidity?.max)}`),
    figure('Lowest battery', formatPercent(s.battery_min)),
    figure('Latest status', statusBadge(s.latest_status)),
    figure('Latest reading', formatDateTime(s.latest_timestamp)));
}

function historyTable(readings: Reading[]): HTMLElement {
  const cell = (label: string, content: string | Node): HTMLElement => h('td', { 'data-label': label }, content);
  return h('div', { className: 'table-wrap' },
    h('table', { className: 'table responsive', 'data-testid': 'history-table' },
      h('caption', { className: 'visually-hidden' }, 'Readings, newest first'),
      h('thead', {}, h('tr', {}, ['Time', 'Status', 'Temperature', 'Humidity', 'Battery', 'Location']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, readings.map((r) => h('tr', {},
        h('th', { scope: 'row', 'data-label': 'Time' }, formatDateTime(r.timestamp)),
        cell('Status', statusBadge(r.status)),
        cell('Temperature', formatTemperature(r.temperature)),
        cell('Humidity', formatPercent(r.humidity)),
        cell('Battery', formatPercent(r.battery_level)),
        cell('Location', r.location ?? '—'))))));
}

/** Placeholders the size of the charts, so that nothing moves when they are drawn. */
function chartPlaceholders(text: string): HTMLElement[] {
  return CHART_SLOTS.map(([testId, caption]) => h('figure', { className: 'chart chart-placeholder', 'data-placeholder': testId },
    h('figcaption', {}, caption), h('div', { className: 'chart-plot chart-empty' }, h('span', { className: 'muted' }, text))));
}

export const devicePage: Page = (root, route, pageSignal) => {
  if (route.name !== 'device') return 'Device';
  const deviceId = route.deviceId;
  let choice = choiceFromQuery(route.query);

  const badge = h('span', { className: 'device-badges' });
  const facts = h('p', { className: 'device-facts muted', 'data-testid': 'device-facts' }, '\u00a0');
  const updated = h('p', { className: 'notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'device-notice' });
  const summaryArea = h('div', { className: 'summary-area' }, summaryPlaceholder());
  const chartsArea = h('div', { className: 'charts' }, chartPlaceholders('Loading…'));
  const chartNote = h('p', { className: 'muted chart-note', 'data-testid': 'chart-note' }, '\u00a0');
  const historyArea = h('div', { className: 'history-area' }, loadingView('Loading history…'));
  const pageInfo = h('span', { className: 'muted', 'aria-live': 'polite' });
  const newerButton = h('button', { type: 'button', className: 'button', disabled: true }, '← Newer');
  const olderButton = h('button', { type: 'button', className: 'button', disabled: true }, 'Older →');
  const refreshButton = h('button', { type: 'button', className: 'button' }, 'Refresh');
  const exportButton = h('button', { type: 'button', className: 'button', 'data-testid': 'export-csv' }, 'Export CSV');
  const exportStatus = h('span', { className: 'muted', role: 'status', 'aria-live': 'polite' });
  const body = h('div', {});
  const photo = imagePanel({ path: `/api/v1/devices/${encodeURIComponent(deviceId)}/image`, label: 'Photo',
    owner: `device ${deviceId}`, idPrefix: 'device' });

  const picker = windowPicker(choice, (c) => {
    // A new history entry per window, so that Back returns to the one before (hashchange → update).
    window.location.hash = deviceHref(deviceId, choiceToQuery(c));
  });

  replaceChildren(root,
    h('p', {}, h('a', { href: '#/devices' }, '← All devices')),
    h('div', { className: 'page-head' },
      h('h1', { tabindex: '-1' }, h('span', { className: 'visually-hidden' }, 'Device '), deviceId),
      refreshButton),
    facts, updated,
    photo.element,
    body);
  replaceChildren(body,
    picker.element,
    h('section', { className: 'card', 'aria-labelledby': 'summary-heading' },
      h('h2', { id: 'summary-heading' }, 'Summary'), summaryArea),
    h('section', { className: 'card', 'aria-labelledby': 'charts-heading' },
      h('h2', { id: 'charts-heading' }, 'Temperature, humidity and battery'), chartNote, chartsArea),
    h('section', { className: 'card', 'aria-labelledby': 'history-heading' },
      h('div', { className: 'section-head' }, h('h2', { id: 'history-heading' }, 'History'),
        h('div', { className: 'toolbar' }, exportStatus, exportButton)),
      historyArea,
      h('div', { className: 'pager' }, newerButton, pageInfo, olderButton)));

  let charts: DeviceCharts | null = null;
  const destroyCharts = (): void => {
    charts?.destroy();
    charts = null;
  };
  pageSignal.addEventListener('abort', destroyCharts, { once: true });

  const pager = new CursorPager();
  let windowNow: TimeWindow | null = null;
  let loadController: AbortController | null = null;
  let gone = false;
  let failed = false;

  const neverReported = (): void => {
    gone = true;
    destroyCharts();
    replaceChildren(body, emptyView(`Device “${deviceId}” has never reported.`,
      'Check the device id, or send a reading for it first.'),
    h('p', {}, h('a', { href: '#/devices' }, 'Back to all devices')));
  };

  const notFound = (err: unknown): boolean => err instanceof ApiError && err.code === 'DEVICE_NOT_FOUND';

  const loadHistory = async (signal: AbortSignal, quiet = false): Promise<void> => {
    if (!windowNow) return;
    newerButton.disabled = true;
    olderButton.disabled = true;
    if (!quiet) replaceChildren(historyArea, loadingView('Loading history…'));
    try {
      const page = await api.deviceHistory(deviceId,
        { ...windowNow, order: 'desc', limit: HISTORY_PAGE_SIZE, cursor: pager.current }, signal);
      pager.loaded(page.next_cursor);
      replaceChildren(historyArea, page.items.length === 0 ? emptyView('No readings in this window.') : historyTable(page.items));
      pageInfo.textContent = `Page ${pager.pageNumber}`;
      newerButton.disabled = !pager.hasPrevious;
      olderButton.disabled = !pager.hasNext;
    } catch (err) {
      if (isAbort(err)) return;
      if (notFound(err)) return neverReported();
      failed = true;
      // A failed refresh keeps the rows shown; the notice above says they are not current.
      if (!quiet || !historyArea.querySelector('table')) replaceChildren(historyArea, errorView(err, () => void loadHistory(signal)));
      newerButton.disabled = !pager.hasPrevious;
      olderButton.disabled = !pager.hasNext;
    }
  };

  const loadSummary = async (signal: AbortSignal, win: TimeWindow, quiet = false): Promise<void> => {
    try {
      const summary = await api.summary({ ...win, deviceId }, signal);
      const mine = summary.items.find((s) => s.device_id === deviceId);
      replaceChildren(summaryArea, summaryFigures(mine));
    } catch (err) {
      if (isAbort(err)) return;
      failed = true;
      if (!quiet || !summaryArea.querySelector('dl')) replaceChildren(summaryArea, errorView(err, () => void loadSummary(signal, win)));
    }
  };

  /** The device's state now: status, connectivity, battery and last seen (which keeps ticking). */
  const loadDevice = async (signal: AbortSignal): Promise<void> => {
    try {
      const page = await api.listDevices({ prefix: deviceId, limit: 1 }, signal);
      const d: Device | undefined = page.items.find((item) => item.device_id === deviceId);
      photo.show(d?.image_url);
      if (!d) return;
      replaceChildren(badge, statusBadge(d.status),
        d.connectivity === 'offline' ? h('span', { className: 'badge badge-offline', 'data-flag': 'offline' }, 'offline') : null,
        d.low_battery ? h('span', { className: 'badge badge-low-battery', 'data-flag': 'low-battery' }, 'low battery') : null);
      replaceChildren(facts, badge, ' Last seen ', lastSeenCell(d.last_seen, Date.now()),
        ` · battery ${formatPercent(d.battery_level ?? d.latest?.battery_level)}`,
        d.location ?? d.latest?.location ? ` · ${d.location ?? d.latest?.location}` : '');
    } catch (err) {
      if (!isAbort(err)) failed = true;
    }
  };

  const loadCharts = async (signal: AbortSignal, win: TimeWindow, quiet = false): Promise<void> => {
    try {
      // uPlot is fetched only here, the first time a device page draws its charts.
      const series = await api.series(deviceId, win, signal);
      if (signal.aborted) return;
      destroyCharts();
      if (series.items.length === 0) {
        replaceChildren(chartsArea, chartPlaceholders('No readings in this window.'));
        chartNote.textContent = 'No readings in this window. Choose a longer window to see older data.';
        return;
      }
      const module = await import('../charts/device-charts');
      if (signal.aborted) return;
      chartsArea.style.minHeight = '';
      charts = module.deviceCharts(series, win);
      const drawn = charts.elements;
      if (drawn.length < CHART_SLOTS.length) drawn.push(...chartPlaceholders('No battery level reported in this window.').slice(drawn.length));
      replaceChildren(chartsArea, drawn);
      const minutes = series.bucket_ms / 60_000;
      const bucket = minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`;
      chartNote.textContent = `${formatCount(charts.readings)} readings in ${formatCount(charts.buckets)} buckets of ${bucket} ` +
        `(line: average, band: lowest to highest), ${formatDateTime(win.from)} to ${formatDateTime(win.to)}.`;
      chartsArea.dataset.buckets = String(series.items.length);
    } catch (err) {
      if (isAbort(err)) return;
      if (notFound(err)) return neverReported();
      failed = true;
      if (quiet && charts) return; // keep the charts drawn; the notice says they are not current
      destroyCharts();
      // The error takes the charts' place at their size, so the sections below stay where they are.
      chartsArea.style.minHeight = `${chartsArea.offsetHeight}px`;
      replaceChildren(chartsArea, errorView(err, () => void loadCharts(signal, win)));
      chartNote.textContent = '\u00a0';
    }
  };

  /** Loads everything for the chosen window; `quiet` (a refresh) keeps what is shown until the answer. */
  const loadWindow = async (quiet = false): Promise<void> => {
    if (gone) return;
    const result = computeWindow(choice, Date.now());
    if (!result.ok) {
      replaceChildren(chartsArea, errorView(new Error(result.error)));
      return;
    }
    loadController?.abort();
    const controller = new AbortController();
    loadController = controller;
    pageSignal.addEventListener('abort', () => controller.abort(), { once: true });
    windowNow = result.window;
    failed = false;
    const onFirstPage = pager.pageNumber === 1;
    if (!quiet) {
      pager.reset();
      replaceChildren(summaryArea, summaryPlaceholder());
    }
    refreshButton.setAttribute('aria-busy', 'true');
    await Promise.all([
      loadDevice(controller.signal),
      loadSummary(controller.signal, result.window, quiet),
      loadCharts(controller.signal, result.window, quiet),
      // A refresh leaves an older history page alone: the reader is in the middle of it.
      !quiet || onFirstPage ? loadHistory(controller.signal, quiet) : Promise.resolve(),
    ]);
    if (controller.signal.aborted) return;
    refreshButton.removeAttribute('aria-busy');
    if (!gone) {
      updated.textContent = failed
        ? `Refresh failed: the server did not answer every request. Showing the last data loaded; the page tries again by itself.`
        : `Updated ${formatDateTime(Date.now())}`;
      updated.classList.toggle('notice-warning', failed);
    }
  };

  const exportCsv = async (): Promise<void> => {
    if (!windowNow) return;
    const win = windowNow;
    exportButton.disabled = true;
    exportStatus.textContent = 'Preparing…';
    try {
      const readings = await collectHistory(
        (cursor) => api.deviceHistory(deviceId, { ...win, order: 'asc', limit: 1000, cursor }, pageSignal),
        (n) => { exportStatus.textContent = `Reading… ${formatCount(n)}`; });
      const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
      download(`${deviceId}_${stamp(win.from)}_${stamp(win.to)}.csv`, readingsToCsv(readings));
      exportStatus.textContent = `Exported ${formatCount(readings.length)} readings.`;
    } catch (err) {
      if (!isAbort(err)) exportStatus.textContent = `Export failed: ${describeError(err)}`;
    } finally {
      exportButton.disabled = false;
    }
  };

  const pageTo = (move: () => void): void => {
    move();
    if (loadController) void loadHistory(loadController.signal);
  };
  newerButton.addEventListener('click', () => pageTo(() => pager.back()));
  olderButton.addEventListener('click', () => pageTo(() => pager.forward()));
  refreshButton.addEventListener('click', () => void loadWindow(true));
  exportButton.addEventListener('click', () => void exportCsv());
  // Windows that end now move on; a fixed custom window is fetched again only after a failure.
  every(REFRESH_MS, pageSignal, () => {
    if (choice.preset !== 'custom' || failed) void loadWindow(true);
  });
  const ticker = setInterval(() => tickLastSeen(facts), TICK_MS);
  pageSignal.addEventListener('abort', () => clearInterval(ticker), { once: true });

  void loadWindow();
  return {
    title: `Device ${deviceId}`,
    update: (next) => {
      const c: WindowChoice = choiceFromQuery(next.query);
      choice = c;
      picker.set(c);
      void loadWindow();
    },
  };
};
