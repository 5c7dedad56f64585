// Stand-in for TimeSeriesChart in jsdom: uPlot needs matchMedia and a 2D canvas, which jsdom lacks, so App-level tests
// swap the wrapper for this recorder (vi.mock) and assert on the data each chart was given. The wrapper itself is
// tested against a fake uPlot in timeSeriesChart.test.tsx.

import type { JSX } from 'react';
import type { TimeSeriesChartProps } from '../../src/renderer/src/components/TimeSeriesChart';

/** The latest props each chart (by title) rendered with. */
export const chartProps = new Map<string, TimeSeriesChartProps>();

export function TimeSeriesChart(props: TimeSeriesChartProps): JSX.Element {
  chartProps.set(props.title, props);
  return (
    <figure data-testid="chart">
      <figcaption>{props.title}</figcaption>
      <span>{props.data[0].length} points</span>
    </figure>
  );
}
