// What viewers get: the Preview (picture with its age, "No picture yet"), the AudioMeter (bars per channel, held peak,
// red when clipping, "Silent"), and the live panel showing both from main's monitor pushes (fake preload bridge).

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { AudioMeter } from '../../src/renderer/src/components/AudioMeter';
import { Preview } from '../../src/renderer/src/components/Preview';
import { holdPeaks, meterShare, PEAK_HOLD_MS } from '../../src/renderer/src/logic/audioMeter';
import type { AudioLevels } from '../../src/shared/broadcastTypes';
import { createFakeApi } from './fakeApi';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => cleanup());

const JPEG_A = 'data:image/jpeg;base64,/9j/AAAA';
const JPEG_B = 'data:image/jpeg;base64,/9j/BBBB';
const tone: AudioLevels = { hasTrack: true, peakDbfs: [-18, -24], loudnessLufs: -21.8, clipping: false, silent: false };

describe('Preview', () => {
  it('says there is no picture yet, then shows the picture and its age', () => {
    const { rerender } = render(<Preview thumbnail={null} nowMs={10_000} />);
    expect(screen.getByText('No picture yet')).toBeTruthy();
    rerender(<Preview thumbnail={{ dataUrl: JPEG_A, atMs: 5_000 }} nowMs={10_000} />);
    expect(screen.getByRole('img').getAttribute('src')).toBe(JPEG_A);
    expect(screen.getByText('Sent picture, 5 s ago')).toBeTruthy();
  });
  it('marks a picture that stopped changing as stale', () => {
    render(<Preview thumbnail={{ dataUrl: JPEG_A, atMs: 0 }} nowMs={30_000} />);
    expect(screen.getByText(/no new keyframe since/).textContent).toBe('Picture from 30 s ago: no new keyframe since');
  });
});

describe('AudioMeter', () => {
  it('draws a bar per channel at its level, with the held peak and the loudness', () => {
    render(<AudioMeter levels={tone} held={[{ dbfs: -6, atMs: 0 }, { dbfs: -24, atMs: 0 }]} />);
    const bars = screen.getAllByRole('meter');
    expect(bars.map((b) => b.getAttribute('aria-label'))).toEqual(['Channel L peak', 'Channel R peak']);
    expect((bars[0]!.firstChild as HTMLElement).style.width).toBe('70%');
    expect(screen.getByTestId('peak-hold-0').style.left).toBe('90%');
    expect(screen.getByText('Loudness -21.8 LUFS')).toBeTruthy();
    expect(screen.queryByText('Clipping')).toBeNull();
    expect(screen.queryByText('Silent')).toBeNull();
  });
  it('turns red with a Clipping badge, and shows Silent, −∞ for digital silence, and a missing track', () => {
    const { rerender, container } = render(<AudioMeter levels={{ ...tone, peakDbfs: [-0.5, -0.4], clipping: true }} />);
    expect(container.querySelector('.audio-meter-clipping')).not.toBeNull();
    expect(screen.getByText('Clipping')).toBeTruthy();
    rerender(<AudioMeter levels={{ ...tone, peakDbfs: [-120, -120], loudnessLufs: -120, silent: true }} />);
    expect(container.querySelector('.audio-meter-clipping')).toBeNull();
    expect(screen.getByText('Silent')).toBeTruthy();
    expect(screen.getAllByText('−∞')).toHaveLength(2);
    rerender(<AudioMeter levels={{ hasTrack: false, peakDbfs: [], loudnessLufs: null, clipping: false, silent: true }} />);
    expect(screen.getByText('No audio track')).toBeTruthy();
    rerender(<AudioMeter levels={null} />);
    expect(screen.getByText('No audio measured yet')).toBeTruthy();
  });
  it('holds a peak for a while, then lets it fall (pure helpers)', () => {
    const held = holdPeaks([], [-6], 0);
    expect(holdPeaks(held, [-20], PEAK_HOLD_MS - 1)).toEqual([{ dbfs: -6, atMs: 0 }]);
    expect(holdPeaks(held, [-20], PEAK_HOLD_MS + 1)).toEqual([{ dbfs: -20, atMs: PEAK_HOLD_MS + 1 }]);
    expect(holdPeaks(held, [-3], 10)).toEqual([{ dbfs: -3, atMs: 10 }]);
    expect([meterShare(-Infinity), meterShare(-90), meterShare(-30), meterShare(3)]).toEqual([0, 0, 0.5, 1]);
  });
});

describe('live panel: what viewers get', () => {
  it('shows the pushed thumbnails and levels while live', async () => {
    const bridge = createFakeApi();
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    const button = (await screen.findByRole('button', { name: 'Go live' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(false));
    const panel = screen.getByRole('region', { name: 'What viewers get' });
    expect(within(panel).getByText('No picture yet')).toBeTruthy();
    act(() => bridge.emitMonitor({ kind: 'thumbnail', dataUrl: JPEG_A, atMs: Date.now() }));
    expect(within(panel).getByRole('img').getAttribute('src')).toBe(JPEG_A);
    act(() => bridge.emitMonitor({ kind: 'thumbnail', dataUrl: JPEG_B, atMs: Date.now() }));
    expect(within(panel).getByRole('img').getAttribute('src')).toBe(JPEG_B);
    act(() => bridge.emitMonitor({ kind: 'levels', levels: { ...tone, silent: true }, atMs: Date.now() }));
    expect(within(panel).getAllByRole('meter')).toHaveLength(2);
    expect(within(panel).getByText('Silent')).toBeTruthy();
  });
});
