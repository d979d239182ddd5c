import type { Series, SeriesBucket } from '../api/types';

/**
 * Chart columns in uPlot's layout, drawn from the `series` endpoint: x in epoch seconds (the middle
 * of each bucket), then min/avg/max per measure and the lowest battery level; null breaks a line.
 */
export interface BucketColumns {
  x: number[];
  temperature: { min: (number | null)[]; avg: (number | null)[]; max: (number | null)[] };
  humidity: { min: (number | null)[]; avg: (number | null)[]; max: (number | null)[] };
  battery: (number | null)[];
  /** Buckets with readings (gap markers excluded). */
  buckets: number;
  /** Readings behind those buckets. */
  readings: number;
}

const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * Builds the columns from a series answer. The API leaves out buckets with no readings, so a gap is
 * exactly a missing bucket: one null point goes where each run of missing buckets starts, and every
 * bucket that came back is drawn, whatever the device's reporting interval was inside it.
 */
export function bucketColumns(series: Pick<Series, 'bucket_ms' | 'items'>): BucketColumns {
  const cols: BucketColumns = {
    x: [],
    temperature: { min: [], avg: [], max: [] },
    humidity: { min: [], avg: [], max: [] },
    battery: [],
    buckets: 0,
    readings: 0,
  };
  const step = series.bucket_ms;
  const push = (x: number, b: SeriesBucket | null): void => {
    cols.x.push(x / 1000);
    for (const key of ['min', 'avg', 'max'] as const) {
      cols.temperature[key].push(b ? finite(b.temperature?.[key]) : null);
      cols.humidity[key].push(b ? finite(b.humidity?.[key]) : null);
    }
    cols.battery.push(b ? finite(b.battery_min) : null);
  };
  const sorted = [...series.items].sort((a, b) => a.start - b.start);
  let previous: SeriesBucket | undefined;
  for (const b of sorted) {
    if (previous && b.start === previous.start) continue; // one point per bucket
    if (previous && b.start - previous.start > step) push(previous.start + step + step / 2, null);
    push(b.start + step / 2, b);
    cols.buckets += 1;
    cols.readings += b.count;
    previous = b;
  }
  return cols;
}

/**
 * Indices of points with no neighbour on either side (a bucket between two missing ones): a line
 * cannot show them, so the chart draws them as dots.
 */
export function lonePoints(column: readonly (number | null)[]): number[] {
  const lone: number[] = [];
  column.forEach((v, i) => {
    if (v === null) return;
    const before = i > 0 ? column[i - 1] : null;
    const after = i < column.length - 1 ? column[i + 1] : null;
    if ((before ?? null) === null && (after ?? null) === null) lone.push(i);
  });
  return lone;
}

/** How many real points a column holds (gap markers excluded). */
export function pointCount(column: readonly (number | null)[]): number {
  return column.reduce<number>((n, v) => (v === null ? n : n + 1), 0);
}
