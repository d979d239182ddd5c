import { API_BASE_URL } from '../config';
import { ApiClient } from './client';
import type {
  DbHealth,
  DetailedHealth,
  Device,
  DeviceFilter,
  DeviceHistory,
  DeviceStats,
  Health,
  Page,
  Reading,
  Series,
  Summary,
  User,
  UserInput,
} from './types';

/** The endpoints the dashboard uses, one function each (see docs/api.md). */
export class PortfolioApi {
  constructor(readonly client: ApiClient = new ApiClient(API_BASE_URL)) {}

  health(signal?: AbortSignal): Promise<Health> {
    return this.client.get('/health', { signal });
  }

  dbHealth(signal?: AbortSignal): Promise<DbHealth> {
    return this.client.get('/health/db', { signal });
  }

  detailedHealth(signal?: AbortSignal): Promise<DetailedHealth> {
    return this.client.get('/health/detailed', { signal });
  }

  listUsers(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<Page<User>> {
    return this.client.get('/api/v1/users', { query: { limit: params.limit, cursor: params.cursor }, signal });
  }

  createUser(input: UserInput, signal?: AbortSignal): Promise<User> {
    return this.client.post('/api/v1/users', input, { signal });
  }

  replaceUser(userId: string, input: UserInput, signal?: AbortSignal): Promise<User> {
    return this.client.put(`/api/v1/users/${encodeURIComponent(userId)}`, input, { signal });
  }

  deleteUser(userId: string, signal?: AbortSignal): Promise<void> {
    return this.client.delete(`/api/v1/users/${encodeURIComponent(userId)}`, { signal });
  }

  listDevices(
    params: DeviceFilter & { limit?: number; cursor?: string | null },
    signal?: AbortSignal,
  ): Promise<Page<Device>> {
    return this.client.get('/api/v1/devices', {
      query: {
        status: params.status,
        connectivity: params.connectivity,
        prefix: params.prefix,
        low_battery: params.lowBattery ? 'true' : undefined,
        limit: params.limit,
        cursor: params.cursor,
      },
      signal,
    });
  }

  deviceStats(signal?: AbortSignal): Promise<DeviceStats> {
    return this.client.get('/api/v1/devices/stats', { signal });
  }

  latest(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal): Promise<Page<Reading>> {
    return this.client.get('/api/v1/metrics/latest', { query: { limit: params.limit, cursor: params.cursor }, signal });
  }

  series(deviceId: string, params: { from: number; to: number; bucket?: string }, signal?: AbortSignal): Promise<Series> {
    return this.client.get(`/api/v1/metrics/${encodeURIComponent(deviceId)}/series`, {
      query: { from: params.from, to: params.to, bucket: params.bucket ?? 'auto' },
      signal,
    });
  }

  deviceHistory(
    deviceId: string,
    params: { from?: number; to?: number; limit?: number; order?: 'asc' | 'desc'; cursor?: string | null },
    signal?: AbortSignal,
  ): Promise<DeviceHistory> {
    return this.client.get(`/api/v1/metrics/${encodeURIComponent(deviceId)}`, {
      query: { from: params.from, to: params.to, limit: params.limit, order: params.order, cursor: params.cursor },
      signal,
    });
  }

  summary(params: { from: number; to: number; deviceId?: string }, signal?: AbortSignal): Promise<Summary> {
    return this.client.get('/api/v1/metrics/summary', {
      query: { from: params.from, to: params.to, device_id: params.deviceId },
      signal,
    });
  }
}

export const api = new PortfolioApi();
