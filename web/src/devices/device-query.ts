// The devices page's state, as it is kept in the URL (#/devices?status=error&q=sensor-1&sort=battery),
// so that a view can be bookmarked and Back and Forward step through the views an operator opened.
import type { Connectivity, Device, DeviceFilter, DeviceStatus } from '../api/types';

export const DEVICE_STATUSES: DeviceStatus[] = ['error', 'maintenance', 'active', 'inactive'];

export type SortKey = 'device' | 'status' | 'temperature' | 'humidity' | 'battery' | 'last_seen';
export const SORT_KEYS: SortKey[] = ['device', 'status', 'temperature', 'humidity', 'battery', 'last_seen'];
export type SortDir = 'asc' | 'desc';

export interface DeviceQuery {
  status: DeviceStatus | null;
  connectivity: Connectivity | null;
  lowBattery: boolean;
  /** Device id prefix typed into the search box. */
  prefix: string;
  sort: SortKey;
  dir: SortDir;
  /** Cursor of the page shown (null: the first page) and its one-based number. */
  cursor: string | null;
  page: number;
}

export function queryFromParams(params: URLSearchParams): DeviceQuery {
  const status = params.get('status');
  const connectivity = params.get('connectivity');
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  const cursor = params.get('cursor');
  return {
    status: DEVICE_STATUSES.includes(status as DeviceStatus) ? (status as DeviceStatus) : null,
    connectivity: connectivity === 'online' || connectivity === 'offline' ? connectivity : null,
    lowBattery: params.get('low_battery') === 'true',
    prefix: params.get('q') ?? '',
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : 'device',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    cursor: cursor || null,
    page: cursor && Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function paramsFromQuery(q: DeviceQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (q.status) params.set('status', q.status);
  if (q.connectivity) params.set('connectivity', q.connectivity);
  if (q.lowBattery) params.set('low_battery', 'true');
  if (q.prefix) params.set('q', q.prefix);
  if (q.sort !== 'device') params.set('sort', q.sort);
  if (q.dir !== 'asc') params.set('dir', q.dir);
  if (q.cursor) {
    params.set('cursor', q.cursor);
    params.set('page', String(q.page));
  }
  return params;
}

/** The API filter of a query. */
export function filterOf(q: DeviceQuery): DeviceFilter {
  const f: DeviceFilter = {};
  if (q.status) f.status = q.status;
  if (q.connectivity) f.connectivity = q.connectivity;
  if (q.lowBattery) f.lowBattery = true;
  if (q.prefix) f.prefix = q.prefix;
  return f;
}

/** Same filters (so the same list): the cursor of one is valid for the other. */
export function sameFilter(a: DeviceQuery, b: DeviceQuery): boolean {
  return a.status === b.status && a.connectivity === b.connectivity && a.lowBattery === b.lowBattery && a.prefix === b.prefix;
}

const STATUS_RANK: Record<DeviceStatus, number> = { error: 0, maintenance: 1, active: 2, inactive: 3 };

function sortValue(d: Device, key: SortKey): number | string | null {
  switch (key) {
    case 'device': return d.device_id;
    case 'status': return STATUS_RANK[d.status] ?? 9;
    case 'temperature': return d.latest?.temperature ?? null;
    case 'humidity': return d.latest?.humidity ?? null;
    case 'battery': return d.battery_level ?? d.latest?.battery_level ?? null;
    case 'last_seen': return d.last_seen;
  }
}

/** The page's devices in the chosen order; missing values go last either way; ties by device id. */
export function sortDevices(devices: readonly Device[], key: SortKey, dir: SortDir): Device[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...devices].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
    return a.device_id < b.device_id ? -1 : a.device_id > b.device_id ? 1 : 0;
  });
}
