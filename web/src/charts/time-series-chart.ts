import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatAxisTime, formatDateTime } from '../format/time';
import { h } from '../ui/dom';
import { lonePoints, pointCount } from './series';

export interface ChartOptions {
  label: string;
  unit: string;
  color: string;
  testId: string;
  x: number[];
  /** The line: the average per bucket (or the one value charted). */
  y: (number | null)[];
  /** The band around it: lowest and highest value per bucket. */
  band?: { min: (number | null)[]; max: (number | null)[] };
  /** The window's bounds in epoch ms, so the x axis shows the whole window even where data is sparse. */
  from: number;
  to: number;
  /** Fixed y range (battery: 0..100). */
  yRange?: [number, number];
}

export const CHART_HEIGHT = 240;

function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function axisColours(): { stroke: string; grid: string } {
  const dark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
  return dark ? { stroke: '#d1d5db', grid: 'rgba(255,255,255,0.12)' } : { stroke: '#374151', grid: 'rgba(0,0,0,0.08)' };
}

/**
 * One uPlot chart that follows its container's width: a line for the average and, when given, a
 * shaded min-max band. Buckets standing alone between gaps are drawn as dots, so none is lost.
 * uPlot formats the time axis in the browser's zone, which is the viewer's.
 */
export function timeSeriesChart(opts: ChartOptions): { element: HTMLElement; destroy: () => void } {
  const points = pointCount(opts.y);
  const lone = lonePoints(opts.y);
  const plotArea = h('div', { className: 'chart-plot', style: `height:${CHART_HEIGHT + 40}px` });
  const gaps = opts.y.length - points;
  const element = h('figure', { className: 'chart', 'data-testid': opts.testId, 'data-points': points, 'data-gaps': gaps },
    h('figcaption', {}, `${opts.label} (${opts.unit})`),
    plotArea);

  const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ${opts.unit}`);
  const { stroke, grid } = axisColours();
  const series: uPlot.Series[] = [
    { value: (_u, v) => (v === null || v === undefined ? '—' : formatDateTime(v * 1000)) },
    {
      label: opts.band ? `${opts.label} avg` : opts.label,
      stroke: opts.color,
      width: 2,
      spanGaps: false,
      points: { show: points <= 60, size: 5, fill: opts.color, filter: (_u, _i, show) => (show ? null : lone) },
      value: (_u, v) => fmt(v),
    },
  ];
  const data: (number | null)[][] = [opts.x, opts.y];
  const bands: uPlot.Band[] = [];
  if (opts.band) {
    series.push(
      { label: 'min', stroke: translucent(opts.color, 0.5), width: 1, spanGaps: false, points: { show: false }, value: (_u, v) => fmt(v) },
      { label: 'max', stroke: translucent(opts.color, 0.5), width: 1, spanGaps: false, points: { show: false }, value: (_u, v) => fmt(v) },
    );
    data.push(opts.band.min, opts.band.max);
    bands.push({ series: [3, 2], fill: translucent(opts.color, 0.18) });
  }

  let plot: uPlot | null = null;
  const width = (): number => Math.max(260, Math.floor(plotArea.clientWidth || 600));
  const create = (): void => {
    plot = new uPlot({
      width: width(),
      height: CHART_HEIGHT,
      scales: {
        x: { time: true, min: opts.from / 1000, max: opts.to / 1000 },
        ...(opts.yRange ? { y: { range: opts.yRange } } : {}),
      },
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series,
      bands,
      axes: [
        // The same 24-hour clock as the rest of the page, in the viewer's zone.
        { stroke, grid: { stroke: grid }, ticks: { stroke: grid },
          values: (_u, splits) => splits.map((s) => formatAxisTime(s * 1000, opts.to - opts.from)), space: 70 },
        { stroke, grid: { stroke: grid }, ticks: { stroke: grid }, label: opts.unit, size: 56 },
      ],
    }, data as uPlot.AlignedData, plotArea);
  };

  // Created once the figure is in the document, so that its width is known.
  // Each chart is drawn in a task of its own, so that drawing three never blocks input for long.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(() => {
    if (!plot) {
      if (pending === undefined) pending = setTimeout(create, 0);
    } else if (Math.abs(plot.width - width()) > 1) {
      plot.setSize({ width: width(), height: CHART_HEIGHT });
    }
  });
  observer.observe(plotArea);

  return {
    element,
    destroy: () => {
      clearTimeout(pending);
      observer.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}
