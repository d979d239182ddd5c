// For a binary built before the fleet API (issue 10) was merged: answers /api/v1/devices (with its
// filters and cursors), /api/v1/devices/stats and /series in the browser, in the contract's shapes,
// from the real API's own data (every device read once through the real, unfiltered list; history
// for series). Used only when hasFleetApi() is false, and named so in the tests that use it.
import type { Page } from 'playwright-core';
import type { SeedReading } from './seed';

const OFFLINE_AFTER_MS = 900_000;

interface RealDevice { device_id: string; status: string; last_seen: number; latest: SeedReading }

async function allDevices(base: string): Promise<RealDevice[]> {
  const out: RealDevice[] = [];
  let cursor: string | null = null;
  do {
    const url = `${base}/api/v1/devices?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await (await fetch(url)).json() as { items: RealDevice[]; next_cursor: string | null };
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

function contractDevice(d: RealDevice, now: number): Record<string, unknown> {
  const battery = d.latest.battery_level;
  return {
    device_id: d.device_id, status: d.status, connectivity: now - d.last_seen > OFFLINE_AFTER_MS ? 'offline' : 'online',
    last_seen: d.last_seen, ...(battery === undefined ? {} : { battery_level: battery }), low_battery: battery !== undefined && battery < 20,
    ...(d.latest.location ? { location: d.latest.location } : {}), latest: d.latest,
  };
}

export async function stubFleetApi(page: Page, base: string): Promise<void> {
  let cache: RealDevice[] | null = null;
  const devices = async (): Promise<RealDevice[]> => (cache ??= await allDevices(base));

  await page.route(/\/api\/v1\/devices\/stats$/, async (route) => {
    const now = Date.now();
    const list = (await devices()).map((d) => contractDevice(d, now));
    const by_status: Record<string, number> = { active: 0, inactive: 0, error: 0, maintenance: 0 };
    for (const d of list) by_status[d.status as string] = (by_status[d.status as string] ?? 0) + 1;
    const offline = list.filter((d) => d.connectivity === 'offline').length;
    await route.fulfill({ json: { devices: list.length, by_status, by_connectivity: { online: list.length - offline, offline },
      low_battery: list.filter((d) => d.low_battery).length, offline_after_seconds: OFFLINE_AFTER_MS / 1000, timestamp: new Date().toISOString() } });
  });

  await page.route(/\/api\/v1\/devices(\?.*)?$/, async (route) => {
    const q = new URL(route.request().url()).searchParams;
    const now = Date.now();
    const matching = (await devices()).map((d) => contractDevice(d, now)).filter((d) =>
      (!q.get('status') || d.status === q.get('status')) &&
      (!q.get('connectivity') || d.connectivity === q.get('connectivity')) &&
      (q.get('low_battery') !== 'true' || d.low_battery) &&
      (!q.get('prefix') || String(d.device_id).startsWith(q.get('prefix') as string)));
    const limit = Number(q.get('limit') ?? 100);
    const offset = Number(q.get('cursor') ?? 0);
    const items = matching.slice(offset, offset + limit);
    await route.fulfill({ json: { items, count: items.length, next_cursor: offset + limit < matching.length ? String(offset + limit) : null } });
  });

  await page.route(/\/api\/v1\/metrics\/[^/]+\/series\?/, async (route) => {
    const url = new URL(route.request().url());
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    const id = decodeURIComponent(url.pathname.split('/')[4] ?? '');
    const readings: SeedReading[] = [];
    let cursor: string | null = null;
    do {
      const response = await fetch(`${base}/api/v1/metrics/${id}?from=${from}&to=${to}&order=asc&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      // A device that never reported: the same 404 DEVICE_NOT_FOUND the real series gives.
      if (!response.ok) return route.fulfill({ status: response.status, contentType: 'application/json', body: await response.text() });
      const history = await response.json() as { items: SeedReading[]; next_cursor: string | null };
      readings.push(...history.items);
      cursor = history.next_cursor;
    } while (cursor);
    const bucketMs = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000].find((b) => (to - from) / b <= 500) ?? 86_400_000;
    const buckets = new Map<number, SeedReading[]>();
    for (const r of readings) {
      const start = Math.floor(r.timestamp / bucketMs) * bucketMs;
      buckets.set(start, [...(buckets.get(start) ?? []), r]);
    }
    const stat = (xs: number[]) => ({ min: Math.min(...xs), avg: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) });
    const items = [...buckets].map(([start, rs]) => ({ start, count: rs.length, temperature: stat(rs.map((r) => r.temperature)),
      humidity: stat(rs.map((r) => r.humidity)), battery_min: Math.min(...rs.map((r) => r.battery_level ?? 100)) }));
    const name: Record<number, string> = { 60_000: '1m', 300_000: '5m', 900_000: '15m', 3_600_000: '1h', 21_600_000: '6h', 86_400_000: '1d' };
    await route.fulfill({ json: { device_id: id, from, to, bucket: name[bucketMs], bucket_ms: bucketMs, items } });
  });
}
