// Pure parser of the monitor list our PowerShell one-liner prints on Windows (System.Windows.Forms.Screen).

import type { ScreenDevice } from '../../shared/captureDevices';
import { splitLines } from './parseHelpers';

/**
 * The PowerShell script behind `WINDOWS_SCREENS_COMMAND`: marks the process DPI-aware (so bounds are physical pixels,
 * the unit gdigrab offsets use), then prints one `DeviceName|Primary|X|Y|Width|Height` line per monitor. X and Y are
 * relative to the primary monitor's top-left corner and negative for monitors left of or above it, as gdigrab expects.
 */
export const WINDOWS_SCREENS_SCRIPT = [
  "Add-Type -TypeDefinition 'using System.Runtime.InteropServices; public static class SrtcDpi { [DllImport(\"user32.dll\")] public static extern bool SetProcessDPIAware(); }';",
  '[SrtcDpi]::SetProcessDPIAware() | Out-Null;',
  'Add-Type -AssemblyName System.Windows.Forms;',
  "[System.Windows.Forms.Screen]::AllScreens | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.DeviceName, $_.Primary, $_.Bounds.X, $_.Bounds.Y, $_.Bounds.Width, $_.Bounds.Height }",
].join(' ');

/** Arguments for `powershell.exe` that run the script without a profile or prompts. */
export const WINDOWS_SCREENS_ARGS = ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_SCREENS_SCRIPT] as const;

/**
 * Turns the script's lines into screens: first the whole virtual desktop (gdigrab's `desktop`), then each monitor as a
 * region of it. Lines of any other shape (PowerShell warnings) are ignored.
 */
export function parseWindowsScreens(text: string): ScreenDevice[] {
  const monitors: ScreenDevice[] = [];
  for (const line of splitLines(text)) {
    const m = /^(.+)\|(True|False)\|(-?\d+)\|(-?\d+)\|(\d+)\|(\d+)\s*$/.exec(line.trim());
    if (!m) continue;
    const [x, y, width, height] = [Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
    const primary = m[2] === 'True';
    const device = (m[1] ?? '').replace(/^\\\\\.\\/, ''); // \\.\DISPLAY1 → DISPLAY1
    monitors.push({
      id: device,
      name: `${device} ${width}x${height}${primary ? ' (primary)' : ''}`,
      width,
      height,
      x,
      y,
      primary,
      capture: { region: { x, y, width, height } },
    });
  }
  const desktop: ScreenDevice = { id: 'desktop', name: 'All monitors (virtual desktop)', width: null, height: null, x: 0, y: 0, capture: {} };
  if (monitors.length > 0) {
    // A loop, not Math.min(...list): spreading a list of a few hundred thousand lines overflows the call stack.
    let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const s of monitors) {
      left = Math.min(left, s.x);
      top = Math.min(top, s.y);
      right = Math.max(right, s.x + (s.width ?? 0));
      bottom = Math.max(bottom, s.y + (s.height ?? 0));
    }
    desktop.width = right - left;
    desktop.height = bottom - top;
    desktop.x = left;
    desktop.y = top;
  }
  return [desktop, ...monitors];
}
