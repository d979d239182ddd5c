import type { Reading } from '../api/types';

/** Columns in uPlot's layout: x in epoch seconds, then one y column per series; null breaks a line. */
export interface ChartSeries {
  x: number[];
  temperature: (number | null)[];
  humidity: (number | null)[];
}

/** A gap longer than this many typical intervals is drawn as a break, not a straight line across. */
export const GAP_FACTOR = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Builds chart columns from readings in any order: sorted by time, one point per timestamp (the last
 * one given wins, as the API's replace-on-resend does), and a null point inside every gap that is
 * much longer than the device's usual reporting interval, so that missing data shows as missing.
 */
export function buildSeries(readings: readonly Reading[], gapFactor = GAP_FACTOR): ChartSeries {
  const byTime = new Map<number, Reading>();
  for (const r of readings) {
    if (Number.isFinite(r.timestamp)) byTime.set(r.timestamp, r);
  }
  const sorted = [...byTime.values()].sort((a, b) => a.timestamp - b.timestamp);
  const intervals: number[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    intervals.push((sorted[i] as Reading).timestamp - (sorted[i - 1] as Reading).timestamp);
  }
  const gapMs = intervals.length >= 2 ? median(intervals) * gapFactor : Number.POSITIVE_INFINITY;

  const series: ChartSeries = { x: [], temperature: [], humidity: [] };
  let previous: Reading | undefined;
  for (const r of sorted) {
    if (previous && r.timestamp - previous.timestamp > gapMs) {
      series.x.push((previous.timestamp + r.timestamp) / 2 / 1000);
      series.temperature.push(null);
      series.humidity.push(null);
    }
    series.x.push(r.timestamp / 1000);
    series.temperature.push(Number.isFinite(r.temperature) ? r.temperature : null);
    series.humidity.push(Number.isFinite(r.humidity) ? r.humidity : null);
    previous = r;
  }
  return series;
}

/** How many real points a column holds (gap markers excluded). */
export function pointCount(column: readonly (number | null)[]): number {
  return column.reduce<number>((n, v) => (v === null ? n : n + 1), 0);
}
