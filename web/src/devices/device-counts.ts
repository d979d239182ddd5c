import type { Device, DeviceStatus } from '../api/types';

export const STATUS_ORDER: DeviceStatus[] = ['error', 'maintenance', 'active', 'inactive'];

/** How many devices are in each status, in the order that needs attention first; zeros left out. */
export function countByStatus(devices: readonly Device[]): { status: DeviceStatus; count: number }[] {
  const counts = new Map<DeviceStatus, number>();
  for (const d of devices) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  return STATUS_ORDER.filter((s) => counts.has(s)).map((s) => ({ status: s, count: counts.get(s) as number }));
}
