// The preload's bridge as the renderer sees it (exposed with contextBridge under this name).

import type { SrtCompanionApi } from '../../shared/ipcContract';

declare global {
  interface Window {
    srtCompanion: SrtCompanionApi;
  }
}
