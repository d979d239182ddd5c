import { ApiError } from '../api/api-error';
import { isAbort } from '../api/client';
import { CursorPager, collectPages } from '../api/paging';
import { api } from '../api/portfolio-api';
import type { DeviceSummary, Reading } from '../api/types';
import { buildSeries } from '../charts/series';
import { timeSeriesChart } from '../charts/time-series-chart';
import {
  PRESET_LABELS,
  type TimeWindow,
  type WindowChoice,
  type WindowPreset,
  choiceFromQuery,
  choiceToQuery,
  computeWindow,
} from '../devices/time-window';
import { formatCount, formatPercent, formatTemperature } from '../format/numbers';
import { formatDateTime, fromDateTimeLocal, toDateTimeLocal, viewerTimeZone } from '../format/time';
import { deviceHref } from '../router';
import { imagePanel } from '../images/image-panel';
import { h, replaceChildren } from '../ui/dom';
import { emptyView, errorView, loadingView } from '../ui/states';
import { statusBadge } from '../ui/status-badge';
import type { Page } from './page';

/** The chart draws every reading of the window, up to this many. */
const MAX_CHART_READINGS = 10_000;
const HISTORY_PAGE_SIZE = 20;
const TEMPERATURE_COLOR = '#c2410c';
const HUMIDITY_COLOR = '#1d4ed8';

function summaryFigures(s: DeviceSummary | undefined): HTMLElement {
  if (!s || s.count === 0) return emptyView('No readings in this window.', 'Choose a longer window to see older data.');
  const figure = (label: string, value: string | Node): HTMLElement =>
    h('div', { className: 'figure' }, h('dt', {}, label), h('dd', {}, value));
  return h('dl', { className: 'figures', 'data-testid': 'summary-figures' },
    figure('Readings', formatCount(s.count)),
    figure('Temperature min / avg / max',
      `${formatTemperature(s.temperature?.min)} / ${formatTemperature(s.temperature?.avg)} / ${formatTemperature(s.temperature?.max)}`),
    figure('Humidity min / avg / max',
      `${formatPercent(s.humidity?.min)} / ${formatPercent(s.humidity?.avg)} / ${formatPercent(s.humidity?.max)}`),
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

function windowPicker(choice: WindowChoice, onChange: (c: WindowChoice) => void): HTMLElement {
  const presets: WindowPreset[] = ['1h', '24h', '7d', 'custom'];
  const now = Date.now();
  const fromInput = h('input', { type: 'datetime-local', id: 'window-from', name: 'from',
    value: toDateTimeLocal(choice.from ?? now - 24 * 3600_000) });
  const toInput = h('input', { type: 'datetime-local', id: 'window-to', name: 'to', value: toDateTimeLocal(choice.to ?? now) });
  const customError = h('p', { className: 'field-error', id: 'window-error', role: 'alert' });
  const custom = h('div', { className: 'custom-window', hidden: choice.preset !== 'custom' },
    h('div', { className: 'field' }, h('label', { for: 'window-from' }, 'From'), fromInput),
    h('div', { className: 'field' }, h('label', { for: 'window-to' }, 'To'), toInput),
    h('button', { type: 'submit', className: 'button button-primary' }, 'Show'),
    customError);

  const radios = presets.map((p) => h('label', { className: 'segment' },
    h('input', { type: 'radio', name: 'window', value: p, checked: p === choice.preset }), h('span', {}, PRESET_LABELS[p])));

  const form = h('form', { className: 'window-picker', novalidate: true },
    h('fieldset', {},
      h('legend', {}, `Time window (times in ${viewerTimeZone()})`),
      h('div', { className: 'segments' }, radios),
      custom));

  const submitCustom = (): void => {
    const picked = { preset: 'custom' as const, from: fromDateTimeLocal(fromInput.value), to: fromDateTimeLocal(toInput.value) };
    const result = computeWindow(picked, Date.now());
    customError.textContent = result.ok ? '' : result.error;
    fromInput.setAttribute('aria-invalid', String(!result.ok));
    toInput.setAttribute('aria-invalid', String(!result.ok));
    if (result.ok) onChange(picked);
  };
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    if (target.name !== 'window') return;
    const preset = target.value as WindowPreset;
    custom.hidden = preset !== 'custom';
    if (preset === 'custom') fromInput.focus();
    else onChange({ preset });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitCustom();
  });
  return form;
}

export const devicePage: Page = (root, route, pageSignal) => {
  if (route.name !== 'device') return 'Device';
  const deviceId = route.deviceId;
  let choice = choiceFromQuery(route.query);

  const badge = h('span', {});
  const summaryArea = h('div', {}, loadingView('Loading summary…'));
  const chartsArea = h('div', { className: 'charts' }, loadingView('Loading readings…'));
  const chartNote = h('p', { className: 'muted' });
  const historyArea = h('div', {}, loadingView('Loading history…'));
  const pageInfo = h('span', { className: 'muted', 'aria-live': 'polite' });
  const newerButton = h('button', { type: 'button', className: 'button', disabled: true }, '← Newer');
  const olderButton = h('button', { type: 'button', className: 'button', disabled: true }, 'Older →');
  const refreshButton = h('button', { type: 'button', className: 'button' }, 'Refresh');
  const body = h('div', {});

  replaceChildren(root,
    h('p', {}, h('a', { href: '#/devices' }, '← All devices')),
    h('div', { className: 'page-head' },
      h('h1', { tabindex: '-1' }, h('span', { className: 'visually-hidden' }, 'Device '), deviceId, ' ', badge),
      refreshButton),
    imagePanel({ path: `/api/v1/devices/${encodeURIComponent(deviceId)}/image`, label: 'Photo', owner: `device ${deviceId}`, idPrefix: 'device' }),
    body);
  replaceChildren(body,
    windowPicker(choice, (c) => {
      choice = c;
      // Bookmarkable without re-rendering the page (replaceState fires no hashchange).
      history.replaceState(null, '', deviceHref(deviceId, choiceToQuery(choice)));
      void loadWindow();
    }),
    h('section', { className: 'card', 'aria-labelledby': 'summary-heading' },
      h('h2', { id: 'summary-heading' }, 'Summary'), summaryArea),
    h('section', { className: 'card', 'aria-labelledby': 'charts-heading' },
      h('h2', { id: 'charts-heading' }, 'Temperature and humidity'), chartNote, chartsArea),
    h('section', { className: 'card', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, 'History'),
      historyArea,
      h('div', { className: 'pager' }, newerButton, pageInfo, olderButton)));

  let charts: { destroy: () => void }[] = [];
  const destroyCharts = (): void => {
    charts.forEach((c) => c.destroy());
    charts = [];
  };
  pageSignal.addEventListener('abort', destroyCharts, { once: true });

  const pager = new CursorPager();
  let windowNow: TimeWindow | null = null;
  let loadController: AbortController | null = null;

  const neverReported = (): void => {
    destroyCharts();
    replaceChildren(body, emptyView(`Device “${deviceId}” has never reported.`,
      'Check the device id, or send a reading for it first.'),
    h('p', {}, h('a', { href: '#/devices' }, 'Back to all devices')));
  };

  const loadHistory = async (signal: AbortSignal): Promise<void> => {
    if (!windowNow) return;
    newerButton.disabled = true;
    olderButton.disabled = true;
    replaceChildren(historyArea, loadingView('Loading history…'));
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
      if (err instanceof ApiError && err.code === 'DEVICE_NOT_FOUND') return neverReported();
      replaceChildren(historyArea, errorView(err, () => void loadHistory(signal)));
      newerButton.disabled = !pager.hasPrevious;
    }
  };

  const loadSummary = async (signal: AbortSignal, win: TimeWindow): Promise<void> => {
    replaceChildren(summaryArea, loadingView('Loading summary…'));
    try {
      const summary = await api.summary({ ...win, deviceId }, signal);
      const mine = summary.items.find((s) => s.device_id === deviceId);
      replaceChildren(summaryArea, summaryFigures(mine));
      replaceChildren(badge, mine?.latest_status ? statusBadge(mine.latest_status) : '');
    } catch (err) {
      if (isAbort(err)) return;
      replaceChildren(summaryArea, errorView(err, () => void loadSummary(signal, win)));
    }
  };

  const loadCharts = async (signal: AbortSignal, win: TimeWindow): Promise<void> => {
    destroyCharts();
    chartNote.textContent = '';
    replaceChildren(chartsArea, loadingView('Loading readings…'));
    try {
      const { items, truncated } = await collectPages(
        (cursor) => api.deviceHistory(deviceId, { ...win, order: 'asc', limit: 1000, cursor }, signal),
        MAX_CHART_READINGS);
      if (signal.aborted) return;
      if (items.length === 0) {
        replaceChildren(chartsArea, emptyView('No readings in this window.', 'Choose a longer window to see older data.'));
        return;
      }
      const series = buildSeries(items);
      charts = [
        timeSeriesChart({ label: 'Temperature', unit: '°C', color: TEMPERATURE_COLOR, testId: 'chart-temperature',
          x: series.x, y: series.temperature, ...win }),
        timeSeriesChart({ label: 'Humidity', unit: '%', color: HUMIDITY_COLOR, testId: 'chart-humidity',
          x: series.x, y: series.humidity, ...win }),
      ];
      replaceChildren(chartsArea, charts.map((c) => (c as ReturnType<typeof timeSeriesChart>).element));
      chartNote.textContent = truncated
        ? `Showing the first ${formatCount(items.length)} readings of this window; choose a shorter window to see all.`
        : `${formatCount(items.length)} readings, ${formatDateTime(win.from)} to ${formatDateTime(win.to)}.`;
    } catch (err) {
      if (isAbort(err)) return;
      if (err instanceof ApiError && err.code === 'DEVICE_NOT_FOUND') return neverReported();
      replaceChildren(chartsArea, errorView(err, () => void loadCharts(signal, win)));
    }
  };

  const loadWindow = async (): Promise<void> => {
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
    pager.reset();
    await Promise.all([
      loadSummary(controller.signal, result.window),
      loadCharts(controller.signal, result.window),
      loadHistory(controller.signal),
    ]);
  };

  const pageTo = (move: () => void): void => {
    move();
    if (loadController) void loadHistory(loadController.signal);
  };
  newerButton.addEventListener('click', () => pageTo(() => pager.back()));
  olderButton.addEventListener('click', () => pageTo(() => pager.forward()));
  refreshButton.addEventListener('click', () => void loadWindow());

  void loadWindow();
  return `Device ${deviceId}`;
};
