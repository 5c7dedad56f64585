// The port through which the backend writes the system clipboard; Electron implements it (src/main/electron/), tests
// pass a fake, so the backend stays plain Node and a stream key copied for an encoder never passes through the window.

/** The system clipboard, written by main on the user's behalf. */
export interface SystemClipboard {
  /** Resolves once the text is on the system clipboard. */
  writeText(text: string): Promise<void>;
}
