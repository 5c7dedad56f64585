// The desktop app's backend (plain Node): every API call of the preload contract, answered as a Result.

import { parseAlertSwitches } from '../../shared/alerts';
import type { BroadcastConfig, BroadcastEvent, MonitorFrame, StatsSnapshot } from '../../shared/broadcastTypes';
import type { AccountStatus, BroadcastStatus } from '../../shared/ipcContract';
import { faultProblem, type RehearsalFault } from '../../shared/rehearsalTypes';
import { AppError, isAppError, messageFor } from '../appError';
import { runDoctor } from '../diagnostics/runDoctor';
import { Broadcast } from '../broadcast/broadcast';
import type { BroadcastDeps } from '../broadcast/broadcastOptions';
import { isFinal } from '../broadcast/broadcastState';
import { broadcastDeps } from '../broadcastDeps';
import { externalUrlToOpen } from '../externalLinks';
import { GcoreClient } from '../gcore/gcoreClient';
import { describePullRetryPolicy, pullPatch, validatePullSources } from '../gcore/pullSources';
import { turnPullOff } from '../gcore/streamActions';
import { toStreamView } from '../gcore/streamView';
import { stopAllManagedProcesses } from '../process/managedProcess';
import { redact } from '../redact';
import { normaliseToken } from '../secrets/tokenStore';
import { createServices, type Services } from '../services';
import type { AppBackend, BroadcastListener } from './appBackend';
import { createAlertNotifier, type NotifyPort } from './alertNotifier';
import { attempt } from './attempt';
import { BroadcastHistoryStore } from './broadcastHistory';
import { activeChangedLive, resetKeyLive, setPassphraseLive, type LiveBroadcast } from './liveStreamChanges';
import { copyPushUrl } from './copyPushUrl';
import type { NativeDialogs } from './nativeDialogs';
import { createSessionReportCalls } from './sessionReportCalls';
import type { SystemClipboard } from './systemClipboard';
import { createSettingsCalls } from './settingsCalls';
import { assertChosenSourceFile, createSourceFileCalls } from './sourceFileCalls';

export interface AppBackendOptions {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  configDir?: string;
  /** Opens a URL in the system browser (Electron's shell.openExternal); only called for allowlisted URLs. */
  openExternal?: (url: string) => Promise<void>;
  /** Native dialogs shown by main (Electron's `dialog`): choosing ffmpeg and confirming a new API address need them. */
  dialogs?: NativeDialogs;
  /** Shows a system notification (Electron's Notification) on failover, failback, off air and refusal, as the settings allow. */
  notify?: NotifyPort;
  /** The system clipboard (Electron's `clipboard`): main writes a push URL with its key there, never the window. */
  clipboard?: SystemClipboard;
  /** Where a one-off problem worth a log line goes (an invalid settings file replaced); default stderr. */
  log?: (line: string) => void;
  /** Engine overrides (tests shorten failover timings). */
  tuning?: BroadcastDeps['tuning'];
  x265Preset?: BroadcastDeps['x265Preset'];
  rehearsalOutageMs?: number;
}

export function createAppBackend(options: AppBackendOptions): AppBackend {
  const services: Services = createServices(options);
  const overrides = {
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.x265Preset ? { x265Preset: options.x265Preset } : {}),
    ...(options.rehearsalOutageMs !== undefined ? { rehearsalOutageMs: options.rehearsalOutageMs } : {}),
  };
  const listeners = new Set<BroadcastListener>();
  /** The last 5 minutes of stats and every event of the current (or last) broadcast: a reloaded window gets them back. */
  const history = new BroadcastHistoryStore();
  /** The current broadcast, or the last one (its final state and logs stay readable until the next start). */
  let broadcast: Broadcast | null = null;
  /** Set while the services are asked for the broadcast's dependencies (the ffmpeg probe can take a second). */
  let preparing: BroadcastConfig | null = null;
  /** A start refused before a Broadcast existed (no token, no usable ffmpeg). */
  let refused: BroadcastStatus | null = null;
  /** The app's sentence for why the current broadcast failed to start (the engine keeps the CLI's). */
  let startFailure: string | null = null;
  const appReason = (err: unknown): string | null => (err instanceof Error ? redact(isAppError(err) ? messageFor(err, 'app') : err.message) : null);

  const accountStatus = async (): Promise<AccountStatus> => ({
    signedIn: (await services.tokenStore().get()) !== null,
    apiBaseUrl: await services.apiBaseUrl(),
  });
  const client = () => services.apiClient();
  const emitStats = (s: StatsSnapshot) => listeners.forEach((l) => l.stats(s));
  const emitEvent = (e: BroadcastEvent) => listeners.forEach((l) => l.event(e));
  const emitMonitor = (f: MonitorFrame) => listeners.forEach((l) => l.monitor?.(f));
  const status = (): BroadcastStatus => {
    if (preparing) return { state: 'starting', reason: 'checking ffmpeg and the account', startedAtMs: null, config: preparing, viewerStory: null };
    if (broadcast) {
      const reason = broadcast.state === 'failed' && startFailure !== null ? startFailure : broadcast.reason;
      const target = broadcast.targetKbps === broadcast.config.bitrateKbps ? {} : { targetKbps: broadcast.targetKbps };
      return { state: broadcast.state, reason, startedAtMs: broadcast.startedAtMs, config: broadcast.config, viewerStory: broadcast.viewerStory(), ...target };
    }
    return refused ?? { state: 'idle', reason: null, startedAtMs: null, config: null, viewerStory: null };
  };

  /**
   * The broadcast this app runs to Gcore stream `id` (a new key or passphrase is handed to it, a disabled or deleted
   * stream takes it off air), `starting` while one is being prepared for it, or null.
   */
  const liveTo = (id: number): LiveBroadcast => {
    const isTo = (config: BroadcastConfig | null): boolean => config?.target.kind === 'stream' && config.target.gcoreStreamId === id;
    if (preparing) return isTo(preparing) ? 'starting' : null;
    return broadcast && !isFinal(broadcast.state) && isTo(broadcast.config) ? broadcast : null;
  };
  const offAir = (id: number, reason: string): void => {
    const live = liveTo(id);
    if (live !== null && live !== 'starting') live.streamUnavailable(reason);
  };

  async function start(config: BroadcastConfig): Promise<BroadcastStatus> {
    // One broadcast at a time: a second Go live while one is starting or running returns its status.
    if (preparing || (broadcast && !isFinal(broadcast.state))) return status();
    preparing = config;
    refused = null;
    let next: Broadcast;
    try {
      await assertChosenSourceFile(services, config.input);
      next = new Broadcast(config, await broadcastDeps(services, config, overrides));
    } catch (err) {
      refused = { state: 'failed', reason: appReason(err), startedAtMs: null, config, viewerStory: null };
      throw err;
    } finally {
      preparing = null;
    }
    broadcast = next;
    startFailure = null;
    history.reset();
    next.on('stats', (s) => history.addStats(s));
    next.on('event', (e) => history.addEvent(e));
    next.on('stats', emitStats);
    next.on('event', emitEvent);
    if (options.notify) next.on('event', createAlertNotifier({ notify: options.notify, switches: async () => parseAlertSwitches((await services.settings()).broadcast?.alerts), log: options.log }));
    next.on('monitor', emitMonitor);
    try {
      await next.start(); // rejects with the bad setting (field included) before anything was started
    } catch (err) {
      startFailure = appReason(err);
      throw err;
    }
    return status();
  }

  return {
    accountStatus: () => attempt(accountStatus),
    signIn: (token) =>
      attempt(async () => {
        const clean = normaliseToken(token);
        await new GcoreClient({ baseUrl: await services.apiBaseUrl(), token: clean }).verifyToken();
        await services.tokenStore().set(clean);
        return accountStatus();
      }),
    signOut: () =>
      attempt(async () => {
        await services.tokenStore().clear();
        return accountStatus();
      }),
    listStreams: () => attempt(async () => (await (await client()).listStreams()).map((s) => toStreamView(s, { reveal: false }))),
    getStream: (id) => attempt(async () => toStreamView(await (await client()).getStream(id), { reveal: false })),
    createStream: (name) => attempt(async () => toStreamView(await (await client()).createStream({ name, active: true }), { reveal: false })),
    setPull: (id, urls) =>
      attempt(async () => {
        validatePullSources(urls);
        const stream = toStreamView(await (await client()).updateStream(id, pullPatch(urls)), { reveal: false });
        offAir(id, 'the stream was switched to pull from a source');
        return { stream, retryPolicy: describePullRetryPolicy() };
      }),
    pullOff: (id) => attempt(async () => toStreamView(await turnPullOff(await client(), id), { reveal: false })),
    setStreamActive: (id, active) =>
      attempt(async () => {
        const stream = await (await client()).setActive(id, active);
        activeChangedLive(stream, active, liveTo(id));
        return toStreamView(stream, { reveal: false });
      }),
    resetStreamKey: (id) => attempt(async () => resetKeyLive(await client(), id, liveTo(id))),
    setStreamPassphrase: (id, passphrase) => attempt(async () => setPassphraseLive(await client(), id, passphrase, liveTo(id))),
    copyPushUrl: (id, role) => attempt(() => copyPushUrl({ client, dialogs: options.dialogs, clipboard: options.clipboard }, id, role)),
    deleteStream: (id) =>
      attempt(async () => {
        await (await client()).deleteStream(id);
        offAir(id, 'the stream was deleted');
        return { id };
      }),
    doctor: () => attempt(() => runDoctor(services, 'app')),
    exportLogs: () =>
      attempt(async () => {
        const lines = broadcast ? broadcast.logs() : [];
        return [`SRT Companion logs, ${new Date().toISOString()} (stream keys, passphrases and tokens removed)`, ...lines].join('\n');
      }),
    ...createSettingsCalls({ services, dialogs: options.dialogs, accountStatus }),
    ...createSourceFileCalls({ services, dialogs: options.dialogs }),
    startBroadcast: (config) => attempt(() => start(config)),
    stopBroadcast: () =>
      attempt(async () => {
        await broadcast?.stop();
        return status();
      }),
    simulateFault: (fault: RehearsalFault) =>
      attempt(async () => {
        const problem = faultProblem(fault);
        if (problem) throw new AppError('input', 'bad_fault', `That fault cannot be simulated: ${problem}.`);
        if (!broadcast?.simulateFault(fault)) {
          throw new AppError('input', 'not_rehearsing', 'Faults can be simulated only while a local rehearsal runs.');
        }
        return status();
      }),
    broadcastStatus: () => attempt(async () => status()),
    // A start refused before a Broadcast existed has no report: the one before it is not passed off as its report.
    ...createSessionReportCalls({ history, broadcast: () => (refused === null ? broadcast : null), status }),
    openExternal: (url) =>
      attempt(async () => {
        const checked = externalUrlToOpen(url);
        if (checked === null || !options.openExternal) return false;
        await options.openExternal(checked);
        return true;
      }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async shutdown() {
      await broadcast?.stop();
      await stopAllManagedProcesses();
    },
  };
}
