// System notifications and the close guard. `electron` is mocked (its binary cannot be downloaded on these machines):
// the fake Notification records what main asked the OS to show, the fake window records close/preventDefault.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BroadcastEvent } from '../../src/shared/broadcastTypes';
import { DEFAULT_ALERT_SWITCHES, parseAlertSwitches, type AlertSwitches } from '../../src/shared/alerts';
import type { BroadcastStatus } from '../../src/shared/ipcContract';
import { ok } from '../../src/shared/result';
import { until } from '../support/waitUntil';

const shown: Array<{ title: string; body: string; silent?: boolean }> = [];
let supported = true;
class FakeNotification {
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {}
  static isSupported(): boolean {
    return supported;
  }
  show(): void {
    shown.push(this.options);
  }
}
vi.mock('electron', () => ({ Notification: FakeNotification, app: { isPackaged: false }, shell: {}, BrowserWindow: class {} }));

const { showSystemNotice } = await import('../../src/main/electron/systemNotifier');
const { guardClose } = await import('../../src/main/electron/createMainWindow');
const { createAlertNotifier } = await import('../../src/main/app/alertNotifier');
const { createCloseGuard } = await import('../../src/main/app/closeGuard');
const { createAppBackend } = await import('../../src/main/app/createAppBackend');

beforeEach(() => {
  shown.length = 0;
  supported = true;
});

const event = (kind: BroadcastEvent['kind'], detail: string, extra: Partial<BroadcastEvent> = {}): BroadcastEvent => ({ type: 'event', t: 1, kind, detail, ...extra });
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('system notifications', () => {
  it('shows one silent notification through Electron, and nothing where the OS has none', () => {
    showSystemNotice({ title: 'SRT Companion: Switched to the backup', body: 'primary silent' });
    expect(shown).toEqual([{ title: 'SRT Companion: Switched to the backup', body: 'primary silent', silent: true }]);
    supported = false;
    showSystemNotice({ title: 't', body: 'b' });
    expect(shown).toHaveLength(1);
  });

  it('asks for a notification on failover, failback, a refused key and off air after being on air, each as its switch says', async () => {
    let switches: AlertSwitches = DEFAULT_ALERT_SWITCHES;
    const notify = vi.fn();
    const feed = createAlertNotifier({ notify, switches: async () => switches });
    feed(event('state', 'connecting to the ingest', { state: 'notOnAir' })); // the start is not news
    feed(event('state', 'on air', { state: 'live' }));
    feed(event('failover', 'the primary stopped answering; the backup carries the stream', { role: 'backup' }));
    feed(event('failback', 'the primary is stable again', { role: 'primary' }));
    feed(event('down', 'the ingest rejected the stream id; it refused the stream twice, so it is not tried again', { role: 'primary' }));
    feed(event('state', 'no ingest carries the stream', { state: 'notOnAir' }));
    feed(event('state', 'still nothing', { state: 'notOnAir' })); // said once until on air again
    await flush();
    expect(notify.mock.calls.map(([n]) => (n as { title: string }).title)).toEqual([
      'SRT Companion: Switched to the backup',
      'SRT Companion: Back on the primary',
      'SRT Companion: Key refused',
      'SRT Companion: Not on air',
    ]);
    expect(notify.mock.calls[0]?.[0]).toMatchObject({ body: 'the primary stopped answering; the backup carries the stream' });

    notify.mockClear();
    switches = parseAlertSwitches({ notification: { failover: false } });
    feed(event('failover', 'again'));
    feed(event('failback', 'back'));
    await flush();
    expect(notify.mock.calls.map(([n]) => (n as { title: string }).title)).toEqual(['SRT Companion: Back on the primary']);
  });
});

describe('closing while on air', () => {
  const status = (state: BroadcastStatus['state'], reason: string | null = null) => async () =>
    ok<BroadcastStatus>({ state, reason, startedAtMs: 1, config: null, viewerStory: null });

  it('asks in a native dialog only while a broadcast runs, and says whether it is on air', async () => {
    const confirm = vi.fn(async () => false);
    const dialogs = { confirm, chooseFile: vi.fn() };
    expect(await createCloseGuard({ status: status('idle'), dialogs })()).toBe(true);
    expect(await createCloseGuard({ status: status('stopped'), dialogs })()).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
    expect(await createCloseGuard({ status: status('live'), dialogs })()).toBe(false);
    expect(confirm).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Stop the broadcast?', confirmLabel: 'Stop and close', detail: expect.stringContaining('You are on air.') }));
    confirm.mockResolvedValueOnce(true);
    expect(await createCloseGuard({ status: status('notOnAir', 'every ingest refused the stream'), dialogs })()).toBe(true);
    expect(confirm).toHaveBeenLastCalledWith(expect.objectContaining({ detail: expect.stringContaining('not on air (every ingest refused the stream)') }));
  });

  it('holds the window’s close until the user agrees, then closes it once', async () => {
    let onClose: ((e: { preventDefault(): void }) => void) | undefined;
    const win = { on: vi.fn((_name: string, fn: typeof onClose) => void (onClose = fn)), close: vi.fn(() => onClose?.({ preventDefault: () => prevented++ })) };
    let prevented = 0;
    let answer = false;
    const confirmClose = vi.fn(async () => answer);
    guardClose(win as never, confirmClose);
    onClose?.({ preventDefault: () => prevented++ });
    onClose?.({ preventDefault: () => prevented++ }); // a second click while the dialog is open: one question only
    await flush();
    expect(confirmClose).toHaveBeenCalledTimes(1);
    expect(prevented).toBe(2);
    expect(win.close).not.toHaveBeenCalled(); // cancelled: the window stays

    answer = true;
    onClose?.({ preventDefault: () => prevented++ });
    await flush();
    expect(win.close).toHaveBeenCalledTimes(1);
    expect(prevented).toBe(3); // the close that follows the "yes" is not held again
  });
});

describe('the desktop backend in a real rehearsal', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('requests a system notification when the primary breaks and the backup takes over', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'srtc-alerts-'));
    dirs.push(configDir);
    const backend = createAppBackend({ env: process.env, platform: 'linux', configDir, notify: showSystemNotice, x265Preset: 'ultrafast', log: () => undefined });
    const stats: Array<{ onAir: boolean }> = [];
    const events: BroadcastEvent[] = [];
    backend.subscribe({ stats: (s) => stats.push(s), event: (e) => events.push(e) });
    try {
      const started = await backend.startBroadcast({
        target: { kind: 'local' }, input: { kind: 'testsrc' }, audio: { kind: 'tone' }, width: 640, height: 360, fps: 30,
        bitrateKbps: 800, keyintSeconds: 1, encoder: 'libx265', latencyMs: 200, mode: 'failover',
      });
      expect(started.ok, JSON.stringify(started)).toBe(true);
      const trace = () => JSON.stringify(events.map((e) => `${e.kind}: ${e.detail}`));
      await until(() => stats.at(-1)?.onAir === true, 30_000, () => `on air; ${trace()}`);
      expect(shown).toEqual([]);
      expect(await backend.simulateFault({ kind: 'outage', target: 'primary', durationMs: 60_000 })).toMatchObject({ ok: true });
      await until(() => shown.some((n) => n.title === 'SRT Companion: Switched to the backup'), 30_000, () => `a failover notification; ${trace()}`);
    } finally {
      await backend.shutdown();
    }
  }, 90_000);
});
