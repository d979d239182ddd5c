// The window a device's charts and summary cover: a preset ending now, or a custom range.

export type WindowPreset = '1h' | '6h' | '24h' | '7d' | '30d' | 'custom';

export const PRESET_DURATIONS_MS: Record<Exclude<WindowPreset, 'custom'>, number> = {
  '1h': 3600_000,
  '6h': 6 * 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

export const PRESETS: WindowPreset[] = ['1h', '6h', '24h', '7d', '30d', 'custom'];

export const PRESET_LABELS: Record<WindowPreset, string> = {
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom',
};

/**
 * The longest custom range accepted: the charts draw the `series` endpoint, whose largest bucket (a
 * day) keeps a year under its limit of 1000 buckets.
 */
export const MAX_CUSTOM_SPAN_MS = 366 * 24 * 3600_000;

/** What the user chose; custom bounds are epoch ms (null until both are set). */
export interface WindowChoice {
  preset: WindowPreset;
  from?: number | null;
  to?: number | null;
}

export interface TimeWindow {
  from: number;
  to: number;
}

export type WindowResult = { ok: true; window: TimeWindow } | { ok: false; error: string };

/** Resolves a choice into inclusive [from, to] epoch-ms bounds, or says what is wrong with it. */
export function computeWindow(choice: WindowChoice, nowMs: number): WindowResult {
  if (choice.preset !== 'custom') {
    return { ok: true, window: { from: nowMs - PRESET_DURATIONS_MS[choice.preset], to: nowMs } };
  }
  const { from, to } = choice;
  if (from === null || from === undefined || to === null || to === undefined) {
    return { ok: false, error: 'Choose both a start and an end.' };
  }
  if (from >= to) return { ok: false, error: 'The start must be before the end.' };
  if (to - from > MAX_CUSTOM_SPAN_MS) return { ok: false, error: 'Choose a range of at most 366 days.' };
  return { ok: true, window: { from, to } };
}

/** Reads the choice from a page's query (`?window=24h` or `?window=custom&from=..&to=..`). */
export function choiceFromQuery(query: URLSearchParams): WindowChoice {
  const preset = query.get('window');
  if (preset === '1h' || preset === '6h' || preset === '24h' || preset === '7d' || preset === '30d') return { preset };
  if (preset === 'custom') {
    const num = (key: string): number | null => {
      const raw = query.get(key);
      if (raw === null || !/^\d+$/.test(raw)) return null;
      return Number(raw);
    };
    return { preset, from: num('from'), to: num('to') };
  }
  return { preset: '24h' };
}

/** The query that reproduces a choice, so a window can be bookmarked and shared. */
export function choiceToQuery(choice: WindowChoice): URLSearchParams {
  const query = new URLSearchParams({ window: choice.preset });
  if (choice.preset === 'custom') {
    if (choice.from !== null && choice.from !== undefined) query.set('from', String(choice.from));
    if (choice.to !== null && choice.to !== undefined) query.set('to', String(choice.to));
  }
  return query;
}
