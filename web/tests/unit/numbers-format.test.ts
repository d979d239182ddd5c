import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMilliseconds, formatPercent, formatTemperature } from '../../src/format/numbers';

describe('number formatting', () => {
  it('rounds readings to one decimal with their unit', () => {
    expect(formatTemperature(21.46)).toBe('21.5 °C');
    expect(formatTemperature(-5)).toBe('-5.0 °C');
    expect(formatPercent(40.24)).toBe('40.2 %');
  });

  it('shows a dash for absent values, never "undefined" or "NaN"', () => {
    expect(formatTemperature(undefined)).toBe('—');
    expect(formatPercent(null)).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
  });

  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('uses binary units for memory', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12.5 * 1024 * 1024)).toBe('12.5 MiB');
  });

  it('keeps sub-10 ms latencies precise', () => {
    expect(formatMilliseconds(0.437)).toBe('0.44 ms');
    expect(formatMilliseconds(123.4)).toBe('123 ms');
  });
});
