import type { Page, Reading } from '../api/types';

export const CSV_COLUMNS = ['device_id', 'timestamp', 'time_utc', 'status', 'temperature', 'humidity', 'battery_level', 'location'] as const;

/** A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  // A leading =, +, - or @ would make a spreadsheet run the text as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The readings as CSV, one per line, oldest first, with a header line. */
export function readingsToCsv(readings: readonly Reading[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of readings) {
    lines.push([
      field(r.device_id),
      field(r.timestamp),
      field(new Date(r.timestamp).toISOString()),
      field(r.status),
      field(r.temperature),
      field(r.humidity),
      field(r.battery_level),
      field(r.location),
    ].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Reads every page of the window's history (oldest first) through `fetchPage`, reporting progress,
 * so that an export holds the whole window however long it is.
 */
export async function collectHistory(
  fetchPage: (cursor: string | null) => Promise<Page<Reading>>,
  onProgress: (count: number) => void = () => {},
): Promise<Reading[]> {
  const readings: Reading[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Reading> = await fetchPage(cursor);
    readings.push(...page.items);
    onProgress(readings.length);
    cursor = page.next_cursor;
  } while (cursor);
  return readings;
}

/** Offers `text` as a file download. */
export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
