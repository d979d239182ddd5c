import { describe, expect, it } from 'vitest';
import type { Device } from '../../src/api/types';
import { filterOf, paramsFromQuery, queryFromParams, sameFilter, sortDevices } from '../../src/devices/device-query';
import { device } from '../fixtures/api-fixtures';

describe('devices page state in the URL', () => {
  it('defaults to every device by id, first page', () => {
    expect(queryFromParams(new URLSearchParams())).toEqual({
      status: null, connectivity: null, lowBattery: false, prefix: '', sort: 'device', dir: 'asc', cursor: null, page: 1,
    });
  });

  it('round-trips filters, search, sort and page', () => {
    const params = new URLSearchParams('status=error&connectivity=offline&low_battery=true&q=sensor-1&sort=battery&dir=desc&cursor=abc&page=3');
    const q = queryFromParams(params);
    expect(q).toMatchObject({ status: 'error', connectivity: 'offline', lowBattery: true, prefix: 'sensor-1', sort: 'battery', dir: 'desc', cursor: 'abc', page: 3 });
    expect(queryFromParams(paramsFromQuery(q))).toEqual(q);
    expect(filterOf(q)).toEqual({ status: 'error', connectivity: 'offline', lowBattery: true, prefix: 'sensor-1' });
  });

  it('ignores values it does not know rather than sending them', () => {
    const q = queryFromParams(new URLSearchParams('status=broken&connectivity=maybe&sort=colour&page=7'));
    expect(q).toMatchObject({ status: null, connectivity: null, sort: 'device', page: 1 });
    expect(paramsFromQuery(q).toString()).toBe('');
  });

  it('tells when a cursor still fits', () => {
    const a = queryFromParams(new URLSearchParams('status=error'));
    expect(sameFilter(a, { ...a, sort: 'battery' })).toBe(true);
    expect(sameFilter(a, { ...a, prefix: 's' })).toBe(false);
  });
});

describe('sortDevices', () => {
  const devices = [
    device('b', { battery: 50 }), device('a', { status: 'error', battery: 5 }), device('c', { minutesAgo: 60, battery: 90 }),
  ] as unknown as Device[];
  const ids = (list: Device[]): string[] => list.map((d) => d.device_id);

  it('sorts the page by a column, both ways, ties by id', () => {
    expect(ids(sortDevices(devices, 'device', 'asc'))).toEqual(['a', 'b', 'c']);
    expect(ids(sortDevices(devices, 'battery', 'asc'))).toEqual(['a', 'b', 'c']);
    expect(ids(sortDevices(devices, 'battery', 'desc'))).toEqual(['c', 'b', 'a']);
    expect(ids(sortDevices(devices, 'status', 'asc'))).toEqual(['a', 'b', 'c']);
    expect(ids(sortDevices(devices, 'last_seen', 'asc'))).toEqual(['c', 'a', 'b']);
  });

  it('puts devices without the value last', () => {
    const noBattery = { ...devices[0], device_id: 'z', battery_level: undefined, latest: { ...devices[0]?.latest, battery_level: undefined } } as Device;
    expect(ids(sortDevices([noBattery, ...devices], 'battery', 'desc')).at(-1)).toBe('z');
    expect(ids(sortDevices([noBattery, ...devices], 'battery', 'asc')).at(-1)).toBe('z');
  });
});
