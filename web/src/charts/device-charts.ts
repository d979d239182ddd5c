// The device page's three charts, in a module of their own so that uPlot is loaded only when a
// device page is opened (a dynamic import), not with every page of the dashboard.
import type { Series } from '../api/types';
import { bucketColumns } from './series';
import { timeSeriesChart } from './time-series-chart';

export const TEMPERATURE_COLOR = '#c2410c';
export const HUMIDITY_COLOR = '#1d4ed8';
export const BATTERY_COLOR = '#047857';

export interface DeviceCharts {
  elements: HTMLElement[];
  buckets: number;
  readings: number;
  destroy: () => void;
}

export function deviceCharts(series: Series, win: { from: number; to: number }): DeviceCharts {
  const cols = bucketColumns(series);
  const charts = [
    timeSeriesChart({ label: 'Temperature', unit: '°C', color: TEMPERATURE_COLOR, testId: 'chart-temperature',
      x: cols.x, y: cols.temperature.avg, band: cols.temperature, ...win }),
    timeSeriesChart({ label: 'Humidity', unit: '%', color: HUMIDITY_COLOR, testId: 'chart-humidity',
      x: cols.x, y: cols.humidity.avg, band: cols.humidity, ...win }),
  ];
  if (cols.battery.some((v) => v !== null)) {
    charts.push(timeSeriesChart({ label: 'Battery (lowest)', unit: '%', color: BATTERY_COLOR, testId: 'chart-battery',
      x: cols.x, y: cols.battery, yRange: [0, 100], ...win }));
  }
  return {
    elements: charts.map((c) => c.element),
    buckets: cols.buckets,
    readings: cols.readings,
    destroy: () => charts.forEach((c) => c.destroy()),
  };
}
