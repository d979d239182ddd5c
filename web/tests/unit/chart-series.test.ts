import { describe, expect, it } from 'vitest';
import type { Reading } from '../../src/api/types';
import { buildSeries, pointCount } from '../../src/charts/series';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
const MIN = 60_000;

function reading(minutes: number, temperature: number, humidity = 50): Reading {
  return { device_id: 'sensor-01', timestamp: T0 + minutes * MIN, temperature, humidity, status: 'active' };
}

describe('buildSeries', () => {
  it('sorts by time and puts x in epoch seconds', () => {
    const s = buildSeries([reading(10, 3), reading(0, 1), reading(5, 2)]);
    expect(s.x).toEqual([T0 / 1000, (T0 + 5 * MIN) / 1000, (T0 + 10 * MIN) / 1000]);
    expect(s.temperature).toEqual([1, 2, 3]);
    expect(s.humidity).toEqual([50, 50, 50]);
  });

  it('keeps one point per timestamp, the last one given (a resent reading replaces the old one)', () => {
    const s = buildSeries([reading(0, 1), reading(5, 2), reading(5, 9)]);
    expect(s.temperature).toEqual([1, 9]);
  });

  it('breaks the line across a gap much longer than the usual interval', () => {
    const s = buildSeries([reading(0, 1), reading(5, 2), reading(10, 3), reading(60, 4), reading(65, 5)]);
    expect(s.temperature).toEqual([1, 2, 3, null, 4, 5]);
    expect(s.x[3]).toBe((T0 + 35 * MIN) / 1000); // the break sits inside the gap
    expect(pointCount(s.temperature)).toBe(5);
  });

  it('does not break regular data', () => {
    const s = buildSeries(Array.from({ length: 20 }, (_, i) => reading(i * 5, i)));
    expect(s.temperature.includes(null)).toBe(false);
    expect(s.x).toHaveLength(20);
  });

  it('handles no readings and a single reading', () => {
    expect(buildSeries([])).toEqual({ x: [], temperature: [], humidity: [] });
    expect(buildSeries([reading(0, 7)]).temperature).toEqual([7]);
  });
});
