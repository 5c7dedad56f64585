// Pure reading of a Linux desktop session from its environment: which X display, whether it is Wayland, and what
// that means for screen capture (ffmpeg's x11grab is the only screen grabber this app drives).

/** The graphical session a process runs in. */
export interface LinuxSession {
  /** `DISPLAY`, e.g. `:0`; null when unset (no X server, or Wayland without XWayland). */
  display: string | null;
  /** `WAYLAND_DISPLAY` is set or `XDG_SESSION_TYPE` is `wayland`. */
  wayland: boolean;
}

export function linuxSession(env: NodeJS.ProcessEnv): LinuxSession {
  const display = env.DISPLAY?.trim() ? env.DISPLAY.trim() : null;
  const wayland = Boolean(env.WAYLAND_DISPLAY?.trim()) || env.XDG_SESSION_TYPE?.trim().toLowerCase() === 'wayland';
  return { display, wayland };
}

/** What works and what does not for screen capture in this session, in plain sentences (empty for a plain X11 session). */
export function linuxSessionNotes(session: LinuxSession): string[] {
  if (session.wayland && session.display) {
    return [
      `Wayland session: screen capture goes through XWayland (${session.display}) and sees only X11 windows; native Wayland windows come out black or missing, and this ffmpeg cannot use the PipeWire screen-cast portal. Log in to an "Xorg"/"X11" session to capture the whole desktop; cameras, microphones and the test pattern work as usual.`,
    ];
  }
  if (session.wayland) {
    return [
      'Wayland session without XWayland (DISPLAY is not set): screen capture is not available, because this ffmpeg cannot use the PipeWire screen-cast portal. Log in to an "Xorg"/"X11" session, or use a camera or the test pattern.',
    ];
  }
  if (!session.display) return ['No X display (DISPLAY is not set): screen capture needs a running X11 session.'];
  return [];
}

/**
 * The local X server socket for a display such as `:0` or `:0.1` (`/tmp/.X11-unix/X0`), or null for a remote
 * display (`host:0`) that cannot be checked on disk.
 */
export function x11SocketPath(display: string, socketDir = X11_SOCKET_DIR): string | null {
  const m = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display.trim());
  return m ? `${socketDir}/X${m[1]}` : null;
}

/** Where local X servers put their sockets. */
export const X11_SOCKET_DIR = '/tmp/.X11-unix';
