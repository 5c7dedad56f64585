// The port through which the backend asks the user in a native dialog; Electron implements it (src/main/electron/),
// tests pass a fake, so the backend stays plain Node.

/** A choice of file types in the picker, e.g. `{ name: 'Video files', extensions: ['mp4', 'mkv'] }` (`*` = any). */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** Native dialogs main shows on its own behalf: their answers come from the user, never from the window's page. */
export interface NativeDialogs {
  /** The OS file picker for one existing file; resolves to its absolute path, or null when the user cancels. */
  chooseFile(request: { title: string; buttonLabel: string; filters?: FileFilter[] }): Promise<string | null>;
  /** A question with Cancel (the default) and `confirmLabel`; resolves true only when the user picks `confirmLabel`. */
  confirm(request: { title: string; message: string; detail: string; confirmLabel: string }): Promise<boolean>;
}
