// The live charts' visible time range: the first minute fills from the left, then all data up to 5 minutes, then slides.
// (.tsx only because the renderer test project picks up *.test.tsx.)

import { describe, expect, it } from 'vitest';
import { CHART_MIN_WINDOW_S, CHART_WINDOW_S, visibleTimeRangeS } from '../../src/renderer/src/logic/liveChartData';

describe('visibleTimeRangeS', () => {
  it('keeps the axis still over the first minute, the line growing from the left edge', () => {
    expect(visibleTimeRangeS(1000, 1000)).toEqual([1000, 1000 + CHART_MIN_WINDOW_S]);
    expect(visibleTimeRangeS(1000, 1008)).toEqual([1000, 1060]);
    expect(visibleTimeRangeS(1000, 1059)).toEqual([1000, 1060]);
  });

  it('then spans all the data with the newest sample at the right edge, up to the window, then slides', () => {
    expect(visibleTimeRangeS(1000, 1060)).toEqual([1000, 1060]);
    expect(visibleTimeRangeS(1000, 1200)).toEqual([1000, 1200]);
    expect(visibleTimeRangeS(1000, 1000 + CHART_WINDOW_S)).toEqual([1000, 1300]);
    expect(visibleTimeRangeS(1000, 1450)).toEqual([1150, 1450]);
  });

  it('honours a narrower window than the minimum, and survives missing data', () => {
    expect(visibleTimeRangeS(1000, 1010, 30)).toEqual([1000, 1030]);
    expect(visibleTimeRangeS(1000, 1100, 30)).toEqual([1070, 1100]);
    expect(visibleTimeRangeS(Number.NaN, 500)).toEqual([200, 500]);
  });
});
