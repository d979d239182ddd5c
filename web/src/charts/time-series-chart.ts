import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatAxisTime, formatDateTime } from '../format/time';
import { h } from '../ui/dom';
import { pointCount } from './series';

export interface ChartOptions {
  label: string;
  unit: string;
  color: string;
  testId: string;
  x: number[];
  y: (number | null)[];
  /** The window's bounds in epoch ms, so the x axis shows the whole window even where data is sparse. */
  from: number;
  to: number;
}

const HEIGHT = 240;

/**
 * One uPlot line chart that follows its container's width. uPlot formats the time axis in the
 * browser's zone, which is the viewer's. Returns the element and a function that frees the chart.
 */
export function timeSeriesChart(opts: ChartOptions): { element: HTMLElement; destroy: () => void } {
  const points = pointCount(opts.y);
  const plotArea = h('div', { className: 'chart-plot' });
  const element = h('figure', { className: 'chart', 'data-testid': opts.testId, 'data-points': points },
    h('figcaption', {}, `${opts.label} (${opts.unit})`),
    plotArea);

  let plot: uPlot | null = null;
  const width = (): number => Math.max(260, Math.floor(plotArea.clientWidth || 600));
  const create = (): void => {
    plot = new uPlot({
      width: width(),
      height: HEIGHT,
      scales: { x: { time: true, min: opts.from / 1000, max: opts.to / 1000 } },
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { value: (_u, v) => (v === null || v === undefined ? '—' : formatDateTime(v * 1000)) },
        {
          label: opts.label,
          stroke: opts.color,
          width: 2,
          spanGaps: false,
          points: { show: points <= 60, size: 5, fill: opts.color },
          value: (_u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ${opts.unit}`),
        },
      ],
      axes: [
        // The same 24-hour clock as the rest of the page, in the viewer's zone.
        { values: (_u, splits) => splits.map((s) => formatAxisTime(s * 1000, opts.to - opts.from)), space: 70 },
        { label: opts.unit, size: 56 },
      ],
    }, [opts.x, opts.y], plotArea);
  };

  // Created once the figure is in the document, so that its width is known.
  const observer = new ResizeObserver(() => {
    if (!plot) create();
    else if (Math.abs(plot.width - width()) > 1) plot.setSize({ width: width(), height: HEIGHT });
  });
  observer.observe(plotArea);

  return {
    element,
    destroy: () => {
      observer.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}
