import type { DbHealth, Health } from '../api/types';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type OverallState = 'healthy' | 'degraded' | 'unreachable';

/** "healthy" only when the service and its store both say so; "unreachable" when the service did not answer. */
export function overallState(health: Outcome<Health>, db: Outcome<DbHealth>): OverallState {
  if (!health.ok) return 'unreachable';
  if (health.value.status === 'healthy' && db.ok && db.value.status === 'healthy') return 'healthy';
  return 'degraded';
}

/** Waits for a call and records its result or its failure, so that one failed check spoils no other. */
export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
