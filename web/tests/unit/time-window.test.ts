import { describe, expect, it } from 'vitest';
import { MAX_CUSTOM_SPAN_MS, choiceFromQuery, choiceToQuery, computeWindow } from '../../src/devices/time-window';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('computeWindow', () => {
  it.each([
    ['1h', 3600_000],
    ['24h', 86_400_000],
    ['7d', 7 * 86_400_000],
  ] as const)('preset %s ends now and spans %i ms', (preset, span) => {
    expect(computeWindow({ preset }, NOW)).toEqual({ ok: true, window: { from: NOW - span, to: NOW } });
  });

  it('takes a valid custom range as it is', () => {
    const from = NOW - 5 * 86_400_000;
    expect(computeWindow({ preset: 'custom', from, to: NOW - 86_400_000 }, NOW)).toEqual({
      ok: true,
      window: { from, to: NOW - 86_400_000 },
    });
  });

  it('explains what is wrong with a bad custom range', () => {
    expect(computeWindow({ preset: 'custom', from: null, to: NOW }, NOW)).toEqual({ ok: false, error: 'Choose both a start and an end.' });
    expect(computeWindow({ preset: 'custom', from: NOW, to: NOW }, NOW)).toEqual({ ok: false, error: 'The start must be before the end.' });
    expect(computeWindow({ preset: 'custom', from: NOW, to: NOW - 1 }, NOW)).toMatchObject({ ok: false });
    expect(computeWindow({ preset: 'custom', from: NOW - MAX_CUSTOM_SPAN_MS - 1, to: NOW }, NOW)).toEqual({
      ok: false,
      error: 'Choose a range of at most 366 days.',
    });
  });
});

describe('window in the page query', () => {
  it('defaults to the last 24 hours', () => {
    expect(choiceFromQuery(new URLSearchParams(''))).toEqual({ preset: '24h' });
    expect(choiceFromQuery(new URLSearchParams('window=2y'))).toEqual({ preset: '24h' });
  });

  it('round-trips presets and custom ranges', () => {
    for (const choice of [{ preset: '1h' as const }, { preset: 'custom' as const, from: 1000, to: 2000 }]) {
      expect(choiceFromQuery(choiceToQuery(choice))).toEqual(choice);
    }
  });

  it('ignores custom bounds that are not epoch milliseconds', () => {
    expect(choiceFromQuery(new URLSearchParams('window=custom&from=yesterday&to=-5'))).toEqual({
      preset: 'custom',
      from: null,
      to: null,
    });
  });
});
