import { describe, expect, it } from 'vitest';
import { formatAxisTime, formatDateTime, formatDuration, formatRelative, fromDateTimeLocal, toDateTimeLocal } from '../../src/format/time';

const INSTANT = Date.UTC(2026, 10, 28, 10, 0, 0); // 2026-11-28T10:00:00Z

describe('formatDateTime', () => {
  it('shows the instant in the given zone and names the zone', () => {
    expect(formatDateTime(INSTANT, { timeZone: 'UTC' })).toBe('28 Nov 2026, 10:00:00 UTC');
    expect(formatDateTime(INSTANT, { timeZone: 'Asia/Tokyo' })).toBe('28 Nov 2026, 19:00:00 GMT+9');
  });

  it('accepts the API ISO strings and epoch milliseconds alike', () => {
    expect(formatDateTime('2026-11-28T10:00:00.000Z', { timeZone: 'UTC' })).toBe(formatDateTime(INSTANT, { timeZone: 'UTC' }));
  });

  it('prints a dash for missing or unparseable values', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});

describe('formatAxisTime', () => {
  it('adds the date only when the window spans more than a day', () => {
    expect(formatAxisTime(INSTANT, 3600_000, { timeZone: 'UTC' })).toBe('10:00');
    expect(formatAxisTime(INSTANT, 7 * 86_400_000, { timeZone: 'UTC' })).toBe('28 Nov, 10:00');
  });
});

describe('formatRelative', () => {
  it.each([
    [0, 'just now'],
    [-30_000, 'just now'], // a device clock slightly ahead
    [42_000, '42 s ago'],
    [5 * 60_000, '5 min ago'],
    [3 * 3600_000, '3 h ago'],
    [3 * 86_400_000, '3 d ago'],
  ])('%i ms ago reads %s', (ago, text) => {
    expect(formatRelative(INSTANT - ago, INSTANT)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [12.7, '12 s'],
    [184, '3 min 4 s'],
    [5 * 3600 + 120, '5 h 2 min'],
    [2 * 86_400 + 3 * 3600, '2 d 3 h'],
  ])('%f s reads %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  it('rejects negative and non-finite values', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('datetime-local round trip', () => {
  it('gives back the same minute in the local zone', () => {
    const ms = new Date(2026, 0, 15, 8, 30).getTime();
    expect(toDateTimeLocal(ms)).toBe('2026-01-15T08:30');
    expect(fromDateTimeLocal('2026-01-15T08:30')).toBe(ms);
  });

  it('refuses values an input would not produce', () => {
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('2026-01-15')).toBeNull();
    expect(fromDateTimeLocal('2026-13-45T99:99')).toBeNull();
  });
});
