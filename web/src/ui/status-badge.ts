import { h } from './dom';

const KNOWN = new Set(['active', 'inactive', 'error', 'maintenance', 'healthy', 'unhealthy', 'connected', 'unavailable', 'unknown', 'degraded', 'offline']);

/** A coloured pill whose text carries the meaning too, so colour is never the only signal. */
export function statusBadge(status: string | null | undefined): HTMLElement {
  const value = status ?? 'unknown';
  const variant = KNOWN.has(value) ? value : 'unknown';
  return h('span', { className: `badge badge-${variant}`, 'data-status': value }, value);
}
