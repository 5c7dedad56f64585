// Preload: exposes the narrow, typed SrtCompanionApi as window.srtCompanion; never the raw ipcRenderer.

import { contextBridge, ipcRenderer } from 'electron';
import type { BroadcastEvent, MonitorFrame, StatsSnapshot } from '../shared/broadcastTypes';
import { INVOKE_METHODS, PUSH_CHANNELS, invokeChannel } from '../shared/ipcChannels';
import type { SrtCompanionApi } from '../shared/ipcContract';

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  // The IpcRendererEvent is dropped: its `sender` would hand the page the ipcRenderer (checklist item 20).
  const wrapped = (_event: unknown, value: T): void => listener(value);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: Record<string, unknown> = {
  onStats: (listener: (s: StatsSnapshot) => void) => subscribe(PUSH_CHANNELS.stats, listener),
  onBroadcastEvent: (listener: (e: BroadcastEvent) => void) => subscribe(PUSH_CHANNELS.event, listener),
  onMonitor: (listener: (f: MonitorFrame) => void) => subscribe(PUSH_CHANNELS.monitor, listener),
};
for (const method of INVOKE_METHODS) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(invokeChannel(method), ...args);
}

contextBridge.exposeInMainWorld('srtCompanion', api as unknown as SrtCompanionApi);
