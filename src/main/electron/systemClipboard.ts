// Electron's clipboard behind the backend's SystemClipboard port: main writes it, the window never sees what it wrote.

import { clipboard } from 'electron';
import type { SystemClipboard } from '../app/systemClipboard';

export function createSystemClipboard(): SystemClipboard {
  return {
    writeText: (text) => clipboard.writeText(text),
  };
}
