// Pure parts of the broadcast core: the state machine's transitions, the disposable store, validation at the door.

import { describe, expect, it, vi } from 'vitest';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import { AppError } from '../../src/main/appError';
import { checkRequest, encodeSettingsFrom } from '../../src/main/broadcast/broadcastPlan';
import { canMove, isFinal } from '../../src/main/broadcast/broadcastState';
import { DisposableStore } from '../../src/main/broadcast/disposables';

describe('broadcast state machine', () => {
  it('goes idle → starting → live/notOnAir → stopping → stopped, and fails from any running state', () => {
    expect(canMove('idle', 'starting')).toBe(true);
    expect(canMove('starting', 'notOnAir')).toBe(true);
    expect(canMove('notOnAir', 'live')).toBe(true);
    expect(canMove('live', 'notOnAir')).toBe(true);
    expect(canMove('live', 'stopping')).toBe(true);
    expect(canMove('stopping', 'stopped')).toBe(true);
    for (const from of ['starting', 'live', 'notOnAir', 'stopping'] as const) expect(canMove(from, 'failed')).toBe(true);
  });

  it('never goes back to live once stopping, nor anywhere from a final state', () => {
    expect(canMove('stopping', 'live')).toBe(false);
    expect(canMove('idle', 'live')).toBe(false);
    for (const final of ['stopped', 'failed'] as const) {
      expect(isFinal(final)).toBe(true);
      expect(canMove(final, 'starting')).toBe(false);
    }
    expect(isFinal('notOnAir')).toBe(false);
  });
});

describe('DisposableStore', () => {
  it('disposes newest first, once, awaiting each step, and goes on past a failing one', async () => {
    const store = new DisposableStore();
    const order: string[] = [];
    store.add(() => void order.push('process'));
    store.add(async () => {
      await Promise.resolve();
      order.push('socket');
      throw new Error('close failed');
    });
    store.add(() => void order.push('timer'));
    await Promise.all([store.dispose(), store.dispose()]);
    expect(order).toEqual(['timer', 'socket', 'process']);
    expect(store.size).toBe(0);
    await store.dispose();
    expect(order).toHaveLength(3);
  });

  it('disposes at once what is added after it was disposed (nothing outlives a stopped broadcast)', async () => {
    const store = new DisposableStore();
    await store.dispose();
    const late = vi.fn();
    store.add(late);
    await Promise.resolve();
    await Promise.resolve();
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('clears its timers, and an early removal runs the disposer once', async () => {
    vi.useFakeTimers();
    try {
      const store = new DisposableStore();
      const fired = vi.fn();
      store.setTimeout(fired, 1000);
      store.setInterval(fired, 100);
      expect(store.size).toBe(2);
      await store.dispose();
      vi.advanceTimersByTime(5000);
      expect(fired).not.toHaveBeenCalled();
      const other = new DisposableStore();
      const closed = vi.fn();
      const remove = other.add(closed);
      await remove();
      await other.dispose();
      expect(closed).toHaveBeenCalledTimes(1);
      const once = vi.fn();
      other.setTimeout(once, 10);
      vi.advanceTimersByTime(10);
      expect(once).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

const base: BroadcastConfig = {
  target: { kind: 'urls', primary: 'srt://ingest.example.com:5001?streamid=12#s3cr3tk3y' },
  input: { kind: 'testsrc' },
  audio: { kind: 'tone' },
  width: 1280,
  height: 720,
  fps: 30,
  bitrateKbps: 3000,
  keyintSeconds: 2,
  encoder: 'auto',
  latencyMs: 2000,
  mode: 'failover',
};

function refusal(config: BroadcastConfig): AppError {
  try {
    checkRequest(config);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('checkRequest (validation at the door, before ffmpeg or the API)', () => {
  it('returns the targets of explicit URLs, the stream id byte for byte', () => {
    expect(checkRequest(base)?.primary).toMatchObject({ role: 'primary', host: 'ingest.example.com', port: 5001, srtStreamId: '12#s3cr3tk3y', passphrase: null });
    expect(checkRequest({ ...base, target: { kind: 'local' } })).toBeNull();
  });

  it.each([
    ['latencyMs', { latencyMs: 3000 }, 'bad_latency'],
    ['mode', { mode: 'fast' as never }, 'bad_mode'],
    ['target', { target: { kind: 'stream' as const, gcoreStreamId: -4 } }, 'bad_gcore_stream_id'],
    ['target.primary', { target: { kind: 'urls' as const, primary: 'srt://h:5001?streamid=12#k&passphrase=123456789' } }, 'bad_passphrase'],
    ['target.primary', { target: { kind: 'urls' as const, primary: 'srt://h:0?streamid=12#k' } }, 'bad_srt_url'],
    ['target.backup', { target: { kind: 'urls' as const, primary: 'srt://h:5001?streamid=1#k', backup: 'srt://h:5001?streamid=2#k\u0007' } }, 'bad_srt_stream_id'],
  ])('names the field %s', (field, patch, code) => {
    expect(refusal({ ...base, ...patch })).toMatchObject({ kind: 'input', code, field });
  });

  it('keeps the Gcore stream number and the SRT stream id apart (distinct codes)', () => {
    expect(refusal({ ...base, target: { kind: 'stream', gcoreStreamId: 1.5 } }).code).toBe('bad_gcore_stream_id');
    expect(refusal({ ...base, target: { kind: 'urls', primary: `srt://h:1?streamid=${'x'.repeat(513)}` } }).code).toBe('bad_srt_stream_id');
  });
});

describe('encodeSettingsFrom', () => {
  it('turns on the test pattern clock and takes the session display for a Linux desktop without one', () => {
    expect(encodeSettingsFrom(base, 'libx265', 'linux', 'veryfast').input).toEqual({ kind: 'testsrc', clockOverlay: true });
    expect(encodeSettingsFrom({ ...base, input: { kind: 'desktop' } }, 'libx265', 'linux', 'veryfast', ':7').input).toEqual({ kind: 'desktop', display: ':7', showCursor: true });
    expect(encodeSettingsFrom({ ...base, input: { kind: 'desktop' } }, 'libx265', 'win32', 'veryfast', ':7').input).toEqual({ kind: 'desktop', showCursor: true });
  });
});
