import { describe, expect, it } from 'vitest';
import { deviceHref, parseRoute } from '../../src/router';

describe('parseRoute', () => {
  it('opens the status page by default', () => {
    expect(parseRoute('').name).toBe('status');
    expect(parseRoute('#/').name).toBe('status');
    expect(parseRoute('#/status').name).toBe('status');
  });

  it('recognises the pages and their query', () => {
    expect(parseRoute('#/users').name).toBe('users');
    expect(parseRoute('#/devices').name).toBe('devices');
    const route = parseRoute('#/devices/sensor-01?window=1h');
    expect(route).toMatchObject({ name: 'device', deviceId: 'sensor-01' });
    expect(route.query.get('window')).toBe('1h');
  });

  it('round-trips device ids with reserved characters', () => {
    const id = 'lab:rack.2_a-1';
    expect(parseRoute(deviceHref(id))).toMatchObject({ name: 'device', deviceId: id });
    expect(parseRoute(deviceHref('a/b?c'))).toMatchObject({ name: 'device', deviceId: 'a/b?c' });
  });

  it('says not found for anything else, including broken escapes', () => {
    expect(parseRoute('#/nope').name).toBe('not-found');
    expect(parseRoute('#/devices/a/b').name).toBe('not-found');
    expect(parseRoute('#/devices/%E0%A4%A').name).toBe('not-found');
  });
});
