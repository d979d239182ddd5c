// Test data goes in through the API itself, like any client's would.

export interface SeedReading {
  device_id: string;
  timestamp: number;
  temperature: number;
  humidity: number;
  status: 'active' | 'inactive' | 'error' | 'maintenance';
  battery_level?: number;
  location?: string;
}

async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

export async function seedReadings(baseUrl: string, readings: SeedReading[]): Promise<void> {
  for (let i = 0; i < readings.length; i += 500) {
    const response = await call(baseUrl, 'POST', '/api/v1/metrics/batch', { readings: readings.slice(i, i + 500) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`batch ingest answered ${response.status}: ${text}`);
    const result = JSON.parse(text) as { accepted: number; rejected: number };
    if (result.rejected !== 0) throw new Error(`batch ingest rejected readings: ${text}`);
  }
}

export async function createUser(baseUrl: string, username: string, email: string): Promise<{ user_id: string }> {
  const response = await call(baseUrl, 'POST', '/api/v1/users', { username, email });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`create user answered ${response.status}: ${text}`);
  return JSON.parse(text) as { user_id: string };
}

export async function getUser(baseUrl: string, userId: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const response = await call(baseUrl, 'GET', `/api/v1/users/${userId}`);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** A device that reported every `stepMinutes` over the last `hours`, with a smooth daily-like curve. */
export function regularReadings(deviceId: string, hours: number, stepMinutes: number, nowMs = Date.now()): SeedReading[] {
  const count = Math.floor((hours * 60) / stepMinutes);
  const start = nowMs - hours * 3600_000;
  return Array.from({ length: count }, (_, i) => ({
    device_id: deviceId,
    timestamp: Math.round(start + (i + 1) * stepMinutes * 60_000 - 30_000),
    temperature: Math.round((21 + 4 * Math.sin(i / 6)) * 10) / 10,
    humidity: Math.round((45 + 10 * Math.cos(i / 8)) * 10) / 10,
    status: 'active' as const,
    battery_level: 90 - i * 0.1,
    location: 'lab',
  }));
}

/** A unique suffix, so that tests sharing one store never collide. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
