// Shapes of the API's responses, as documented in docs/api.md.

export type UserStatus = 'active' | 'inactive';
export type DeviceStatus = 'active' | 'inactive' | 'error' | 'maintenance';

export interface User {
  user_id: string;
  username: string;
  email: string;
  status: UserStatus;
  created_at: string;
  updated_at: string;
  /** Present when the user has an avatar. */
  image_url?: string;
}

export interface UserInput {
  username: string;
  email: string;
  status: UserStatus;
}

export interface Reading {
  device_id: string;
  /** Epoch milliseconds. */
  timestamp: number;
  temperature: number;
  humidity: number;
  status: DeviceStatus;
  battery_level?: number;
  location?: string;
}

export interface Page<T> {
  items: T[];
  count: number;
  next_cursor: string | null;
}

export interface DeviceHistory extends Page<Reading> {
  device_id: string;
}

export interface Device {
  device_id: string;
  status: DeviceStatus;
  last_seen: number;
  latest: Reading;
}

export interface MinMaxAvg {
  min: number;
  max: number;
  avg: number;
}

export interface DeviceSummary {
  device_id: string;
  count: number;
  temperature: MinMaxAvg | null;
  humidity: MinMaxAvg | null;
  latest_status: DeviceStatus | null;
  latest_timestamp: number | null;
}

export interface Summary {
  from: number;
  to: number;
  items: DeviceSummary[];
}

export interface Health {
  status: string;
  service: string;
  version: string;
  timestamp: string;
  uptime_seconds: number;
}

export interface DbHealth {
  status: string;
  database: string;
  backend: string;
  response_time_ms: number;
  timestamp: string;
}

export interface DetailedHealth {
  status: string;
  service: string;
  version: string;
  build: { commit: string; compiler: string; build_type: string };
  backend: string;
  database: string;
  uptime_seconds: number;
  requests_total: number;
  errors_4xx_total: number;
  errors_5xx_total: number;
  memory: { rss_bytes: number };
  timestamp: string;
}

/** One field error of a 4xx response's `details`. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every non-2xx response. */
export interface ErrorBody {
  error: string;
  error_code: string;
  message: string;
  timestamp?: string;
  request_id?: string;
  details?: FieldError[];
}
