// Times are shown in the viewer's own time zone (the browser's), with the zone named, so that a
// reading's time means the same to everyone who looks at it. `timeZone` exists for tests.

export interface ZoneOptions {
  timeZone?: string;
  locale?: string;
}

function toDate(value: number | string): Date {
  return typeof value === 'number' ? new Date(value) : new Date(value);
}

/** "28 Nov 2026, 11:00:00 CET"; "—" for a missing or unparseable value. */
export function formatDateTime(value: number | string | null | undefined, opts: ZoneOptions = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(opts.locale ?? 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
    timeZone: opts.timeZone,
  }).format(date);
}

/** Short axis label: "14:05" within a day's window, "28 Nov 14:05" for longer ones. */
export function formatAxisTime(ms: number, spanMs: number, opts: ZoneOptions = {}): string {
  const withDate = spanMs > 24 * 3600_000;
  return new Intl.DateTimeFormat(opts.locale ?? 'en-GB', {
    ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: opts.timeZone,
  }).format(new Date(ms));
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; future times (clock skew) read "just now". */
export function formatRelative(ms: number, nowMs: number): string {
  const seconds = Math.round((nowMs - ms) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** Uptime-style duration: "12 s", "3 min 4 s", "5 h 2 min", "2 d 3 h". */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '—';
  const s = Math.floor(totalSeconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

/** The viewer's IANA zone name, e.g. "Europe/Berlin", for labels. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The value an <input type="datetime-local"> shows for an instant, in the viewer's zone. */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant an <input type="datetime-local"> value means in the viewer's zone; null when invalid. */
export function fromDateTimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const ms = new Date(value).getTime(); // a date-time without offset is local time
  return Number.isNaN(ms) ? null : ms;
}
