import { describe, expect, it, vi } from 'vitest';
import { ApiError, describeError } from '../../src/api/api-error';
import { ApiClient, type FetchLike, buildUrl, isAbort } from '../../src/api/client';

function respond(status: number, body: string, headers: Record<string, string> = {}): FetchLike {
  return vi.fn(async () => new Response(status === 204 ? null : body, { status, headers }));
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('buildUrl', () => {
  it('joins base, path and only the query values that are set', () => {
    expect(buildUrl('https://api.example.com/', '/api/v1/users', { limit: 20, cursor: null, x: undefined, y: '' }))
      .toBe('https://api.example.com/api/v1/users?limit=20');
    expect(buildUrl('', '/health')).toBe('/health');
    expect(buildUrl('', '/api/v1/metrics/a', { cursor: 'a+b/c=' })).toBe('/api/v1/metrics/a?cursor=a%2Bb%2Fc%3D');
  });
});

describe('ApiClient', () => {
  it('sends JSON bodies with their content type and parses JSON answers', async () => {
    const fetchImpl = respond(201, '{"user_id":"u1"}');
    const client = new ApiClient('', fetchImpl);
    await expect(client.post('/api/v1/users', { username: 'alice' })).resolves.toEqual({ user_id: 'u1' });
    const [url, init] = (fetchImpl as ReturnType<typeof vi.fn>).mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/users');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"username":"alice"}');
  });

  it('returns nothing for 204', async () => {
    const client = new ApiClient('', respond(204, ''));
    await expect(client.delete('/api/v1/users/u1')).resolves.toBeUndefined();
  });

  it('turns the documented error body into an ApiError with its code and field details', async () => {
    const body = JSON.stringify({
      error: 'Validation failed',
      error_code: 'VALIDATION_ERROR',
      message: 'username: too short',
      timestamp: '2026-11-28T10:00:00.000Z',
      request_id: 'req-1',
      details: [{ field: 'username', message: 'too short' }, { bogus: true }],
    });
    const err = await failure(new ApiClient('', respond(400, body)).get('/api/v1/users'));
    expect(err.status).toBe(400);
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.message).toBe('username: too short');
    expect(err.details).toEqual([{ field: 'username', message: 'too short' }]);
    expect(err.requestId).toBe('req-1');
    expect(err.transient).toBe(false);
  });

  it('copes with an error page that is not JSON (a proxy or CDN answered)', async () => {
    const err = await failure(new ApiClient('', respond(502, '<html>Bad Gateway</html>', { 'X-Request-Id': 'r2' })).get('/health'));
    expect(err.code).toBe('HTTP_502');
    expect(err.message).not.toContain('<html>');
    expect(err.requestId).toBe('r2');
    expect(err.transient).toBe(true);
  });

  it('keeps Retry-After of a rate-limited call and says when to come back', async () => {
    const body = JSON.stringify({ error: 'Too many requests', error_code: 'RATE_LIMITED', message: 'Rate limit exceeded' });
    const err = await failure(new ApiClient('', respond(429, body, { 'Retry-After': '17' })).get('/api/v1/users'));
    expect(err.retryAfterSeconds).toBe(17);
    expect(describeError(err)).toBe('Too many requests; try again in 17 s.');
  });

  it('reports an unreachable API as a network error', async () => {
    const client = new ApiClient('', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await failure(client.get('/health'));
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBe(0);
    expect(describeError(err)).toMatch(/The server is not answering/);
  });

  it('gives up after the timeout instead of waiting forever', async () => {
    const hanging: FetchLike = (_url, init) => new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    const err = await failure(new ApiClient('', hanging).get('/health', { timeoutMs: 20 }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('passes a cancellation by the caller through as an abort, not as an error to show', async () => {
    const hanging: FetchLike = (_url, init) => new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    const controller = new AbortController();
    const call = new ApiClient('', hanging).get('/health', { signal: controller.signal });
    controller.abort();
    const rejection = await call.then(() => null, (e: unknown) => e);
    expect(isAbort(rejection)).toBe(true);
  });

  it('rejects a 200 whose body is not JSON', async () => {
    const err = await failure(new ApiClient('', respond(200, '<!doctype html>')).get('/api/v1/users'));
    expect(err.code).toBe('BAD_RESPONSE');
  });
});
