// IPC channel names and the list of invoke methods; no dependencies, so the sandboxed preload stays tiny.

import type { SrtCompanionApi } from './ipcContract';

export type InvokeMethod = Exclude<keyof SrtCompanionApi, 'onStats' | 'onBroadcastEvent' | 'onMonitor'>;

/** Main → renderer push channels. */
export const PUSH_CHANNELS = { stats: 'srtc:stats', event: 'srtc:event', monitor: 'srtc:monitor' } as const;

/** Every request/response method of the API, in one list that preload and main both iterate. */
export const INVOKE_METHODS = [
  'accountStatus', 'signIn', 'signOut', 'listStreams', 'getStream', 'createStream', 'setPull', 'pullOff',
  'setStreamActive', 'resetStreamKey', 'setStreamPassphrase', 'copyPushUrl', 'deleteStream', 'doctor',
  'exportLogs', 'loadSettings', 'saveSettings', 'chooseFfmpegPath', 'chooseSourceFile', 'describeSourceFile', 'setApiBaseUrl', 'resetApiBaseUrl', 'startBroadcast',
  'stopBroadcast', 'simulateFault', 'broadcastStatus',
  'broadcastHistory', 'sessionReport', 'exportSessionReport',
  'openExternal',
] as const satisfies readonly InvokeMethod[];

export function invokeChannel(method: InvokeMethod): string {
  return `srtc:${method}`;
}
