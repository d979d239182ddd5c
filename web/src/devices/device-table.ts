import type { Device } from '../api/types';
import { formatPercent, formatTemperature } from '../format/numbers';
import { formatDateTime, formatRelative } from '../format/time';
import { deviceHref } from '../router';
import { h } from '../ui/dom';
import { statusBadge } from '../ui/status-badge';
import type { SortDir, SortKey } from './device-query';

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: 'device', label: 'Device' },
  { key: 'status', label: 'Status' },
  { key: 'temperature', label: 'Temperature' },
  { key: 'humidity', label: 'Humidity' },
  { key: 'battery', label: 'Battery' },
  { key: null, label: 'Location' },
  { key: 'last_seen', label: 'Last seen' },
];

/** "Last seen" cells carry their instant, so that a clock can keep them current with no request. */
export function lastSeenCell(ms: number, now: number): HTMLElement {
  return h('time', { datetime: new Date(ms).toISOString(), title: formatDateTime(ms), 'data-ts': ms }, formatRelative(ms, now));
}

/** Rewrites every "Last seen" under `root` for the time now. */
export function tickLastSeen(root: ParentNode, now = Date.now()): void {
  root.querySelectorAll<HTMLTimeElement>('time[data-ts]').forEach((t) => {
    t.textContent = formatRelative(Number(t.dataset.ts), now);
  });
}

function batteryCell(d: Device): HTMLElement {
  const level = d.battery_level ?? d.latest?.battery_level;
  const cell = h('span', { className: d.low_battery ? 'battery battery-low' : 'battery' }, formatPercent(level));
  if (d.low_battery) cell.append(' ', h('span', { className: 'badge badge-low-battery', 'data-flag': 'low-battery' }, 'low'));
  return cell;
}

function deviceRow(d: Device, now: number): HTMLElement {
  const r = d.latest;
  const offline = d.connectivity === 'offline';
  const cell = (label: string, ...content: (Node | string)[]): HTMLElement => h('td', { 'data-label': label }, ...content);
  return h('tr', {
    'data-device-id': d.device_id,
    'data-connectivity': d.connectivity ?? 'online',
    className: [offline ? 'row-offline' : '', d.low_battery ? 'row-low-battery' : ''].join(' ').trim() || null,
  },
  h('th', { scope: 'row', 'data-label': 'Device' }, h('a', { href: deviceHref(d.device_id) }, d.device_id)),
  cell('Status', statusBadge(d.status),
    ...(offline ? [' ', h('span', { className: 'badge badge-offline', 'data-flag': 'offline' }, 'offline')] : [])),
  cell('Temperature', formatTemperature(r?.temperature)),
  cell('Humidity', formatPercent(r?.humidity)),
  cell('Battery', batteryCell(d)),
  cell('Location', d.location ?? r?.location ?? '—'),
  cell('Last seen', lastSeenCell(d.last_seen, now)));
}

/**
 * The devices of one page, with sortable column headers (a button in each header; `aria-sort` tells
 * assistive technology which column orders the rows).
 */
export function devicesTable(devices: readonly Device[], sort: { key: SortKey; dir: SortDir },
  onSort: (key: SortKey) => void): HTMLElement {
  const now = Date.now();
  const head = COLUMNS.map(({ key, label }) => {
    if (key === null) return h('th', { scope: 'col' }, label);
    const active = sort.key === key;
    const arrow = active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
    const button = h('button', { type: 'button', className: 'sort-button', 'data-sort': key }, label,
      h('span', { 'aria-hidden': 'true' }, arrow));
    button.addEventListener('click', () => onSort(key));
    return h('th', { scope: 'col', 'aria-sort': active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : null }, button);
  });
  return h('div', { className: 'table-wrap' },
    h('table', { className: 'table responsive', 'data-testid': 'devices-table' },
      h('caption', { className: 'visually-hidden' }, 'Latest reading of each device; column headers sort this page'),
      h('thead', {}, h('tr', {}, head)),
      h('tbody', {}, devices.map((d) => deviceRow(d, now)))));
}
