// Electron's native dialogs behind the backend's NativeDialogs port: shown by main, modal to the app window.

import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import type { NativeDialogs } from '../app/nativeDialogs';

/** `parent()` is the app window when there is one (the dialog is then modal to it). */
export function createNativeDialogs(parent: () => BrowserWindow | null): NativeDialogs {
  return {
    async chooseFile({ title, buttonLabel, filters }) {
      const options: OpenDialogOptions = { title, buttonLabel, properties: ['openFile', 'dontAddToRecent'], ...(filters ? { filters } : {}) };
      const window = parent();
      const answer = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    async confirm({ title, message, detail, confirmLabel }) {
      // Cancel is first, the default and what Esc or closing the box answers: only a deliberate click confirms.
      const options: MessageBoxOptions = { type: 'warning', title, message, detail, buttons: ['Cancel', confirmLabel], defaultId: 0, cancelId: 0, noLink: true };
      const window = parent();
      const answer = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return answer.response === 1;
    },
  };
}
