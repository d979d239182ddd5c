import { ApiError, BAD_RESPONSE, NETWORK_ERROR, TIMEOUT, errorFromResponse } from './api-error';

/** How long one call may take before the UI gives up and offers a retry (no spinner forever). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export type QueryValue = string | number | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Cancels the call, e.g. when the user leaves the page. A cancelled call rejects with an AbortError. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Joins the configured base URL, a path and the set query parameters (unset ones are left out). */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

/** Calls the JSON API and turns every failure into an ApiError with the documented code and details. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
  ) {}

  url(path: string, query?: Record<string, QueryValue>): string {
    return buildUrl(this.baseUrl, path, query);
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  async delete(path: string, options: RequestOptions = {}): Promise<void> {
    await this.request<undefined>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onCallerAbort = (): void => controller.abort();
    if (options.signal?.aborted) controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });

    const headers: Record<string, string> = { Accept: 'application/json' };
    const init: RequestInit = { method, headers, signal: controller.signal };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }

    try {
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(this.url(path, options.query), init);
        text = await response.text();
      } catch (err) {
        if (timedOut) {
          throw new ApiError({ status: 0, code: TIMEOUT, message: 'The API did not answer in time.' });
        }
        if (options.signal?.aborted) throw err; // the caller gave up; not an error to show
        throw new ApiError({ status: 0, code: NETWORK_ERROR, message: 'Cannot reach the API.' });
      }
      if (!response.ok) throw errorFromResponse(response.status, response.headers, text);
      if (response.status === 204 || text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError({
          status: response.status,
          code: BAD_RESPONSE,
          message: 'The API answered with something that is not JSON.',
        });
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** True for the rejection of a call that the caller cancelled itself. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
