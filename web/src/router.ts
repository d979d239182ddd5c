// Hash routes, so the dashboard works from any static host (S3, CloudFront, STATIC_DIR) with no
// server-side rewrites: #/status, #/devices, #/devices/<id>?window=24h, #/users.

export type Route =
  | { name: 'status'; query: URLSearchParams }
  | { name: 'devices'; query: URLSearchParams }
  | { name: 'device'; deviceId: string; query: URLSearchParams }
  | { name: 'users'; query: URLSearchParams }
  | { name: 'not-found'; path: string; query: URLSearchParams };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart.split('/').filter((s) => s !== '');
  if (segments.length === 0) return { name: 'status', query };
  const [first, second, ...rest] = segments;
  if (first === 'status' && second === undefined) return { name: 'status', query };
  if (first === 'users' && second === undefined) return { name: 'users', query };
  if (first === 'devices' && second === undefined) return { name: 'devices', query };
  if (first === 'devices' && second !== undefined && rest.length === 0) {
    try {
      return { name: 'device', deviceId: decodeURIComponent(second), query };
    } catch {
      return { name: 'not-found', path: pathPart, query };
    }
  }
  return { name: 'not-found', path: pathPart, query };
}

export function deviceHref(deviceId: string, query?: URLSearchParams): string {
  const qs = query?.toString();
  return `#/devices/${encodeURIComponent(deviceId)}${qs ? `?${qs}` : ''}`;
}
