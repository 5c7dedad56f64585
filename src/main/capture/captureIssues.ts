// Pure: what the listed devices mean for picking a source, in the app's words — which sources cannot work here and
// why, and one sentence per kind of device that needs attention (the tools' own notes stay for Diagnostics).

import type { CameraDevice, CaptureIssue, MicrophoneDevice, ScreenDevice, UnavailableSources } from '../../shared/captureDevices';
import type { DesktopPlatform } from '../../shared/ffmpegCapabilities';
import type { LinuxSession } from './linuxSession';

export interface CaptureIssuesInput {
  platform: DesktopPlatform;
  /** Linux only: the desktop session read from the environment. */
  session: LinuxSession | null;
  cameras: readonly CameraDevice[];
  screens: readonly ScreenDevice[];
  microphones: readonly MicrophoneDevice[];
}

export interface CaptureAssessment {
  issues: CaptureIssue[];
  unavailable: UnavailableSources;
}

/** Why the desktop cannot be captured in this Linux session, or null when it can. */
function linuxDesktopBlocked(session: LinuxSession): string | null {
  if (session.display) return null;
  return session.wayland
    ? 'this Wayland session offers no X11 display to capture; log in to an “Xorg” session to capture the desktop'
    : 'no desktop session (X11) runs on this computer';
}

export function assessCaptureDevices(input: CaptureIssuesInput): CaptureAssessment {
  const issues: CaptureIssue[] = [];
  const unavailable: UnavailableSources = {};
  const { platform, session } = input;

  if (platform === 'linux' && session) {
    const blocked = linuxDesktopBlocked(session);
    if (blocked) {
      unavailable.desktop = blocked;
      issues.push({ device: 'screen', sentence: `Desktop capture is not available: ${blocked}.` });
    } else if (session.wayland) {
      issues.push({ device: 'screen', sentence: 'This is a Wayland session: only some windows can be captured, others come out black. Log in to an “Xorg” session to capture the whole desktop.' });
    } else if (input.screens.length === 0) {
      issues.push({ device: 'screen', sentence: `The screens of display ${session.display ?? ''} could not be listed; the whole desktop can still be captured.` });
    }
  } else if (platform === 'darwin' && input.screens.length === 0) {
    issues.push({ device: 'screen', sentence: 'No screen is listed: allow Screen Recording for SRT Companion in System Settings › Privacy & Security.' });
  }

  if (input.cameras.length === 0) {
    // On Linux every video device the kernel knows was looked at; elsewhere a permission can hide cameras from the list.
    if (platform === 'linux') unavailable.camera = 'no camera is connected';
    const where = platform === 'darwin' ? ', and allow Camera access for SRT Companion in System Settings › Privacy & Security' : '';
    issues.push({ device: 'camera', sentence: `No camera found: connect one${where}, then press “Run checks again” on Diagnostics.` });
  }

  if (input.microphones.length === 0) {
    issues.push({ device: 'audio', sentence: 'No audio input found: start the sound system or connect a microphone, then press “Run checks again” on Diagnostics. The test tone still works.' });
  }
  return { issues, unavailable };
}
