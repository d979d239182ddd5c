import { describe, expect, it } from 'vitest';
import type { SeriesBucket } from '../../src/api/types';
import { bucketColumns, lonePoints, pointCount } from '../../src/charts/series';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
const MIN = 60_000;

function bucket(minute: number, avg: number, count = 1, battery: number | null = 80): SeriesBucket {
  return { start: T0 + minute * MIN, count, temperature: { min: avg - 1, avg, max: avg + 1 },
    humidity: { min: 40, avg: 45, max: 50 }, battery_min: battery };
}

describe('bucketColumns', () => {
  it('puts each bucket at its middle, in epoch seconds, with its min/avg/max', () => {
    const c = bucketColumns({ bucket_ms: 5 * MIN, items: [bucket(5, 2), bucket(0, 1)] });
    expect(c.x).toEqual([(T0 + 2.5 * MIN) / 1000, (T0 + 7.5 * MIN) / 1000]);
    expect(c.temperature.avg).toEqual([1, 2]);
    expect(c.temperature.min).toEqual([0, 1]);
    expect(c.temperature.max).toEqual([2, 3]);
    expect(c.battery).toEqual([80, 80]);
  });

  it('breaks the line only where a bucket is missing', () => {
    const c = bucketColumns({ bucket_ms: 5 * MIN, items: [bucket(0, 1), bucket(5, 2), bucket(20, 3), bucket(25, 4)] });
    expect(c.temperature.avg).toEqual([1, 2, null, 3, 4]);
    expect(c.x[2]).toBe((T0 + 12.5 * MIN) / 1000); // the break sits in the first missing bucket
    expect(c.buckets).toBe(4);
  });

  it('keeps every bucket when the reporting interval changes (24 h at 5 min, then 50 min at 10 s)', () => {
    // The readings of the issue, bucketed by the API at 5 minutes: 288 buckets of 1 reading, then 10 of 30.
    const items = [
      ...Array.from({ length: 288 }, (_, i) => bucket(i * 5, 20, 1)),
      ...Array.from({ length: 10 }, (_, i) => bucket(1440 + i * 5, 22, 30)),
    ];
    const c = bucketColumns({ bucket_ms: 5 * MIN, items });
    expect(c.buckets).toBe(298);
    expect(c.readings).toBe(288 + 300);
    expect(pointCount(c.temperature.avg)).toBe(298);
    expect(c.temperature.avg.includes(null)).toBe(false);
  });

  it('counts readings, drops a repeated bucket and handles no buckets', () => {
    expect(bucketColumns({ bucket_ms: MIN, items: [] }).x).toEqual([]);
    const c = bucketColumns({ bucket_ms: MIN, items: [bucket(0, 1, 3), bucket(0, 9, 3), bucket(1, 2, 4, null)] });
    expect(c.readings).toBe(7);
    expect(c.battery).toEqual([80, null]);
  });
});

describe('lonePoints', () => {
  it('finds values with no neighbour, which a line alone would not draw', () => {
    expect(lonePoints([1, null, 2, null, 3, 4])).toEqual([0, 2]);
    expect(lonePoints([1])).toEqual([0]);
    expect(lonePoints([1, 2])).toEqual([]);
    expect(lonePoints([null, 5, null])).toEqual([1]);
  });
});
