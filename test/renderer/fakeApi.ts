// A scripted stand-in for the preload/IPC bridge (window.srtCompanion): Electron cannot run here, so component tests
// drive the App through this fake of SrtCompanionApi. The real end-to-end run against the engine is a separate browser test.

import { vi, type Mock } from 'vitest';
import type { BroadcastEvent, MonitorFrame, StatsSnapshot } from '../../src/shared/broadcastTypes';
import type { BroadcastStatus, SrtCompanionApi } from '../../src/shared/ipcContract';
import { describeInvalidPayload } from '../../src/shared/ipcSchemas';
import { fail, ok } from '../../src/shared/result';
import { SettingsPatchSchema } from '../../src/shared/settingsSchemas';
import { fakeProbe, fakeStream } from './fixtures';

export type MockedApi = { [K in keyof SrtCompanionApi]: Mock<SrtCompanionApi[K]> };

export interface FakeBridge {
  api: MockedApi;
  /** Delivers a 1 Hz snapshot to every onStats listener, as main's push channel would. */
  emitStats(snapshot: StatsSnapshot): void;
  emitEvent(event: BroadcastEvent): void;
  /** Delivers a thumbnail or audio levels to every onMonitor listener. */
  emitMonitor(frame: MonitorFrame): void;
  listenerCount(): number;
}

type Invoke = Omit<SrtCompanionApi, 'onStats' | 'onBroadcastEvent' | 'onMonitor'>;

/** Every method answers like a signed-out app with a working ffmpeg; pass overrides or use mockResolvedValueOnce. */
export function createFakeApi(overrides: Partial<Invoke> = {}): FakeBridge {
  const statsListeners = new Set<(s: StatsSnapshot) => void>();
  const eventListeners = new Set<(e: BroadcastEvent) => void>();
  const monitorListeners = new Set<(f: MonitorFrame) => void>();
  // Broadcast state is kept like main keeps it, so status re-reads after events see what the commands did.
  let status: BroadcastStatus = { state: 'idle', reason: null, startedAtMs: null, config: null, viewerStory: null };
  const defaults: Invoke = {
    accountStatus: async () => ok({ signedIn: false, apiBaseUrl: 'https://api.gcore.com' }),
    signIn: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }),
    signOut: async () => ok({ signedIn: false, apiBaseUrl: 'https://api.gcore.com' }),
    listStreams: async () => ok([fakeStream(101, 'Morning show'), fakeStream(102, 'Evening news')]),
    getStream: async (id) => ok(fakeStream(id, `Stream ${id}`)),
    createStream: async (name) => ok(fakeStream(999, name)),
    setPull: async (id, urls) => ok({ stream: fakeStream(id, 'Pulled', { pull: true, pullSources: urls }), retryPolicy: [] }),
    pullOff: async (id) => ok(fakeStream(id, 'Pushed')),
    setStreamActive: async (id, active) => ok(fakeStream(id, `Stream ${id}`, { active })),
    resetStreamKey: async (id) => ok({ stream: fakeStream(id, `Stream ${id}`), ingestStillRunning: false, platformMessage: null, restartBroadcast: false }),
    setStreamPassphrase: async (id, passphrase) =>
      ok({ stream: fakeStream(id, `Stream ${id}`, { hasPassphrase: passphrase !== null }), restartBroadcast: false }),
    copyPushUrl: async (id, role) =>
      ok({ status: 'copied', masked: `srt://vp-push-${role === 'primary' ? 'ed1' : 'anx1'}-srt.gvideo.co:5001?streamid=${id}#****` }),
    deleteStream: async (id) => ok({ id }),
    doctor: async () =>
      ok({ ffmpeg: ok(fakeProbe()), keychain: ok({ tokenStored: false }), api: null }),
    exportLogs: async () => ok('log line\n'),
    loadSettings: async () => ok({}),
    saveSettings: async (patch) => {
      // Checked like main checks it, so every test that saves also proves the form sends what main accepts.
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (parsed.success) return ok({ broadcast: parsed.data.broadcast });
      const refusal = describeInvalidPayload('saveSettings', parsed.error);
      return fail(refusal.code, refusal.message);
    },
    chooseFfmpegPath: async () => ok({ status: 'cancelled' }),
    chooseSourceFile: async () => ok({ status: 'cancelled' }),
    describeSourceFile: async () => ok(null),
    setApiBaseUrl: async (url) => ok({ status: 'saved', account: { signedIn: false, apiBaseUrl: url } }),
    resetApiBaseUrl: async () => ok({ signedIn: false, apiBaseUrl: 'https://api.gcore.com' }),
    startBroadcast: async (config) => {
      status = { state: 'live', reason: null, startedAtMs: Date.now(), config, viewerStory: null };
      return ok(status);
    },
    stopBroadcast: async () => {
      status = { state: 'stopped', reason: 'stopped by the user', startedAtMs: null, config: status.config, viewerStory: status.viewerStory };
      return ok(status);
    },
    simulateFault: async () =>
      status.state === 'live' && status.config?.target.kind === 'local'
        ? ok(status)
        : fail('not_rehearsing', 'Faults can be simulated only while a local rehearsal runs.'),
    broadcastStatus: async () => ok(status),
    // The status part answers as broadcastStatus does (overrides and mockResolvedValueOnce included); no history kept.
    broadcastHistory: async () => {
      const current = await api.broadcastStatus();
      return current.ok ? ok({ status: current.value, stats: [], events: [] }) : current;
    },
    sessionReport: async () => fail('no_broadcast', 'No session report yet: go live or rehearse first.'),
    exportSessionReport: async (format) => ok({ fileName: `srt-companion-session.${format}`, text: format === 'json' ? '{}\n' : 'time_utc\r\n' }),
    openExternal: async () => ok(true),
  };
  const impl = { ...defaults, ...overrides };
  const api = {
    accountStatus: vi.fn(impl.accountStatus),
    signIn: vi.fn(impl.signIn),
    signOut: vi.fn(impl.signOut),
    listStreams: vi.fn(impl.listStreams),
    getStream: vi.fn(impl.getStream),
    createStream: vi.fn(impl.createStream),
    setPull: vi.fn(impl.setPull),
    pullOff: vi.fn(impl.pullOff),
    setStreamActive: vi.fn(impl.setStreamActive),
    resetStreamKey: vi.fn(impl.resetStreamKey),
    setStreamPassphrase: vi.fn(impl.setStreamPassphrase),
    copyPushUrl: vi.fn(impl.copyPushUrl),
    deleteStream: vi.fn(impl.deleteStream),
    doctor: vi.fn(impl.doctor),
    exportLogs: vi.fn(impl.exportLogs),
    loadSettings: vi.fn(impl.loadSettings),
    saveSettings: vi.fn(impl.saveSettings),
    chooseFfmpegPath: vi.fn(impl.chooseFfmpegPath),
    chooseSourceFile: vi.fn(impl.chooseSourceFile),
    describeSourceFile: vi.fn(impl.describeSourceFile),
    setApiBaseUrl: vi.fn(impl.setApiBaseUrl),
    resetApiBaseUrl: vi.fn(impl.resetApiBaseUrl),
    startBroadcast: vi.fn(impl.startBroadcast),
    stopBroadcast: vi.fn(impl.stopBroadcast),
    simulateFault: vi.fn(impl.simulateFault),
    broadcastStatus: vi.fn(impl.broadcastStatus),
    broadcastHistory: vi.fn(impl.broadcastHistory),
    sessionReport: vi.fn(impl.sessionReport),
    exportSessionReport: vi.fn(impl.exportSessionReport),
    openExternal: vi.fn(impl.openExternal),
    onStats: vi.fn((listener: (s: StatsSnapshot) => void) => {
      statsListeners.add(listener);
      return () => statsListeners.delete(listener);
    }),
    onBroadcastEvent: vi.fn((listener: (e: BroadcastEvent) => void) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    }),
    onMonitor: vi.fn((listener: (f: MonitorFrame) => void) => {
      monitorListeners.add(listener);
      return () => monitorListeners.delete(listener);
    }),
  } satisfies MockedApi;
  return {
    api: api as MockedApi,
    emitStats: (s) => statsListeners.forEach((l) => l(s)),
    emitEvent: (e) => eventListeners.forEach((l) => l(e)),
    emitMonitor: (f) => monitorListeners.forEach((l) => l(f)),
    listenerCount: () => statsListeners.size + eventListeners.size,
  };
}
