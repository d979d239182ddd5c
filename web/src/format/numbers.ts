// Figures as the dashboard prints them; "—" wherever a value is missing.

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function formatTemperature(celsius: number | null | undefined): string {
  return isNumber(celsius) ? `${celsius.toFixed(1)} °C` : '—';
}

export function formatPercent(value: number | null | undefined): string {
  return isNumber(value) ? `${value.toFixed(1)} %` : '—';
}

export function formatCount(value: number | null | undefined): string {
  return isNumber(value) ? new Intl.NumberFormat('en-GB').format(value) : '—';
}

export function formatMilliseconds(value: number | null | undefined): string {
  if (!isNumber(value)) return '—';
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}

/** Binary units, as memory is measured: "512 B", "1.5 KiB", "12.3 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
