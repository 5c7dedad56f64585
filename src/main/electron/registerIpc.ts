// The one place IPC is registered: every invoke checks its sender frame and validates its payload first.

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_METHODS, PUSH_CHANNELS, invokeChannel, type InvokeMethod } from '../../shared/ipcChannels';
import { INVOKE_ARGS, describeInvalidPayload } from '../../shared/ipcSchemas';
import { fail, type Result } from '../../shared/result';
import type { AppBackend } from '../app/appBackend';
import { isTrustedRendererUrl } from './securityPolicy';

/** Handles one invoke: refuses untrusted senders and malformed payloads, then calls the backend. Exported for tests. */
export async function handleInvoke(
  backend: AppBackend,
  method: InvokeMethod,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  args: unknown[],
  devServerUrl?: string,
): Promise<Result<unknown>> {
  // A destroyed or missing frame is untrusted (Electron security checklist item 17).
  const frameUrl = event.senderFrame?.url;
  if (!isTrustedRendererUrl(frameUrl, devServerUrl)) return fail('untrusted_sender', 'Request refused: it did not come from the app window.');
  const parsed = INVOKE_ARGS[method].safeParse(args);
  if (!parsed.success) {
    const refusal = describeInvalidPayload(method, parsed.error);
    return fail(refusal.code, refusal.message);
  }
  const call = backend[method] as (...a: unknown[]) => Promise<Result<unknown>>;
  try {
    return await call.apply(backend, parsed.data as unknown[]);
  } catch (err) {
    return fail('internal', `Internal error in ${method}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Registers all handlers and forwards broadcast stats/events to the window. Returns an unregister function. */
export function registerIpc(backend: AppBackend, target: () => WebContents | null, devServerUrl?: string): () => void {
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(invokeChannel(method), (event, ...args: unknown[]) => handleInvoke(backend, method, event, args, devServerUrl));
  }
  const unsubscribe = backend.subscribe({
    stats: (snapshot) => target()?.send(PUSH_CHANNELS.stats, snapshot),
    event: (ev) => target()?.send(PUSH_CHANNELS.event, ev),
    monitor: (frame) => target()?.send(PUSH_CHANNELS.monitor, frame),
  });
  return () => {
    unsubscribe();
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}
