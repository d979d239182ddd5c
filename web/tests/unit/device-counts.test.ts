import { describe, expect, it } from 'vitest';
import type { Device, DeviceStatus } from '../../src/api/types';
import { countByStatus } from '../../src/devices/device-counts';

const device = (id: string, status: DeviceStatus): Device => ({
  device_id: id,
  status,
  last_seen: 0,
  latest: { device_id: id, timestamp: 0, temperature: 20, humidity: 40, status },
});

describe('countByStatus', () => {
  it('lists statuses that need attention first and leaves out zeros', () => {
    expect(countByStatus([device('a', 'active'), device('b', 'error'), device('c', 'active')])).toEqual([
      { status: 'error', count: 1 },
      { status: 'active', count: 2 },
    ]);
    expect(countByStatus([])).toEqual([]);
  });
});
