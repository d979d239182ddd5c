import { describe, expect, it } from 'vitest';
import type { DbHealth, Health } from '../../src/api/types';
import { overallState, settle } from '../../src/health/overall-state';

const health = (status: string): Health => ({ status, service: 'portfolio-api', version: '0.1.0', timestamp: '', uptime_seconds: 1 });
const db = (status: string): DbHealth => ({ status, database: 'connected', backend: 'sqlite', response_time_ms: 0.3, timestamp: '' });

describe('overallState', () => {
  it('is healthy only when the service and the store both are', () => {
    expect(overallState({ ok: true, value: health('healthy') }, { ok: true, value: db('healthy') })).toBe('healthy');
    expect(overallState({ ok: true, value: health('healthy') }, { ok: true, value: db('unhealthy') })).toBe('degraded');
    expect(overallState({ ok: true, value: health('healthy') }, { ok: false, error: new Error('503') })).toBe('degraded');
    expect(overallState({ ok: false, error: new Error('down') }, { ok: false, error: new Error('down') })).toBe('unreachable');
  });

  it('settle records both outcomes', async () => {
    await expect(settle(Promise.resolve(1))).resolves.toEqual({ ok: true, value: 1 });
    const failed = await settle(Promise.reject(new Error('x')));
    expect(failed.ok).toBe(false);
  });
});
