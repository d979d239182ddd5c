import { describe, expect, it } from 'vitest';
import type { Page, Reading } from '../../src/api/types';
import { collectHistory, readingsToCsv } from '../../src/devices/csv-export';

const r = (ts: number, extra: Partial<Reading> = {}): Reading => ({
  device_id: 'sensor-01', timestamp: ts, temperature: -3.5, humidity: 40, status: 'active', ...extra,
});

describe('readingsToCsv', () => {
  it('writes a header and one line per reading, with empty cells for missing values', () => {
    const csv = readingsToCsv([r(Date.UTC(2026, 0, 1), { battery_level: 80, location: 'lab' }), r(Date.UTC(2026, 0, 1, 0, 1))]);
    expect(csv.split('\r\n')).toEqual([
      'device_id,timestamp,time_utc,status,temperature,humidity,battery_level,location',
      `sensor-01,${Date.UTC(2026, 0, 1)},2026-01-01T00:00:00.000Z,active,-3.5,40,80,lab`,
      `sensor-01,${Date.UTC(2026, 0, 1, 0, 1)},2026-01-01T00:01:00.000Z,active,-3.5,40,,`,
      '',
    ]);
  });

  it('quotes separators and defuses spreadsheet formulas', () => {
    const csv = readingsToCsv([r(0, { location: 'roof, "north"' }), r(1, { location: '=HYPERLINK("x")' })]);
    expect(csv).toContain('"roof, ""north"""');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('collectHistory', () => {
  it('follows every cursor to the end of the window', async () => {
    const pages: Record<string, Page<Reading>> = {
      first: { items: [r(1), r(2)], count: 2, next_cursor: 'c2' },
      c2: { items: [r(3)], count: 1, next_cursor: 'c3' },
      c3: { items: [r(4)], count: 1, next_cursor: null },
    };
    const seen: number[] = [];
    const all = await collectHistory(async (cursor) => pages[cursor ?? 'first'] as Page<Reading>, (n) => seen.push(n));
    expect(all.map((x) => x.timestamp)).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([2, 3, 4]);
  });
});
