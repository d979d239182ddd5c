import type { ErrorBody, FieldError } from './types';

/** Codes the client itself produces when no API answer arrived or the answer was unreadable. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const TIMEOUT = 'TIMEOUT';
export const BAD_RESPONSE = 'BAD_RESPONSE';

/** A failed API call: either the API's documented error body, or a transport failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldError[];
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: FieldError[];
    requestId?: string | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** True when retrying later may help: no answer, a timeout, rate limiting or a server-side failure. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && typeof v.message === 'string';
}

function asErrorBody(value: unknown): ErrorBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.error_code !== 'string') return null;
  return {
    error: typeof v.error === 'string' ? v.error : v.error_code,
    error_code: v.error_code,
    message: typeof v.message === 'string' ? v.message : '',
    request_id: typeof v.request_id === 'string' ? v.request_id : undefined,
    details: Array.isArray(v.details) ? v.details.filter(isFieldError) : [],
  };
}

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'An API key is required for this action.',
  403: 'This action is not allowed.',
  404: 'Not found.',
  429: 'Too many requests; try again shortly.',
  502: 'The gateway could not reach the API.',
  503: 'The service is temporarily unavailable.',
  504: 'The API took too long to answer.',
};

/** Builds the error for a non-2xx response from its status, headers and (possibly non-JSON) body text. */
export function errorFromResponse(status: number, headers: Headers, bodyText: string): ApiError {
  let parsed: unknown = null;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    // not JSON: an HTML error page from a proxy, handled below
  }
  const body = asErrorBody(parsed);
  const retryAfter = Number(headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const requestId = body?.request_id ?? headers.get('X-Request-Id') ?? undefined;
  if (body) {
    return new ApiError({
      status,
      code: body.error_code,
      message: body.message || body.error,
      details: body.details ?? [],
      requestId,
      retryAfterSeconds,
    });
  }
  // Not the documented shape: a proxy, CDN or gateway answered. Say what we know, not its HTML.
  const fallback = GENERIC_MESSAGES[status] ?? (status >= 500 ? 'The server failed to answer.' : 'The request failed.');
  return new ApiError({
    status,
    code: `HTTP_${status}`,
    message: `${fallback} (HTTP ${status})`,
    requestId,
    retryAfterSeconds,
  });
}

/** A one-line, human-readable account of an error, for banners and status lines. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === NETWORK_ERROR) {
      // The browser knows whether it has a network; if it has, the server is what is not answering.
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      return offline
        ? 'You are offline; nothing can reach the server until the connection returns.'
        : 'The server is not answering. Try again in a moment; pages retry by themselves.';
    }
    if (err.code === TIMEOUT) return 'The server did not answer in time. Try again in a moment; pages retry by themselves.';
    if (err.code === 'RATE_LIMITED' && err.retryAfterSeconds !== undefined) {
      return `Too many requests; try again in ${err.retryAfterSeconds} s.`;
    }
    const text = err.message || `Request failed (${err.code}).`;
    // A server-side failure is worth reporting: its request id finds it in the service's logs.
    return err.status >= 500 && err.requestId ? `${text} (request id ${err.requestId})` : text;
  }
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
