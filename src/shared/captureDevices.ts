// Plain data: the capture sources this machine offers (cameras, screens, microphones) and what the lister noticed.

import type { CaptureRegion } from './broadcastTypes';
import type { DesktopPlatform } from './ffmpegCapabilities';

/** One native mode of a camera. */
export interface CameraMode {
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
  /** Frame rates offered at this size, frames per second, highest first; empty when the tool does not say. */
  fps: number[];
  /** Pixel format or compression as the tool names it (`yuyv422`, `mjpeg`, `YUYV`, `MJPG`). */
  format: string;
}

/** A camera: `id` is what the camera source takes (`/dev/video0`, the DirectShow name, the AVFoundation name). */
export interface CameraDevice {
  id: string;
  /** The name the user knows (the device's own product name). */
  name: string;
  /** Native modes, largest first; absent when they could not be read (macOS lists them only while capturing). */
  modes?: CameraMode[];
}

/** A screen (monitor, X screen or the whole virtual desktop). */
export interface ScreenDevice {
  id: string;
  name: string;
  /** Pixels; null when the platform's lister does not report it (macOS AVFoundation). */
  width: number | null;
  height: number | null;
  /** Offset of the screen on the virtual desktop, pixels. */
  x: number;
  y: number;
  primary?: boolean;
  /** The desktop source that captures exactly this screen: an X display or AVFoundation screen, and/or a region. */
  capture: { display?: string; region?: CaptureRegion };
}

/** An audio input: `id` is what the device audio source takes (PulseAudio source name, `alsa:hw:1,0`, DirectShow name). */
export interface MicrophoneDevice {
  id: string;
  name: string;
  /** A PulseAudio monitor: the sound an output plays ("what you hear"), not a microphone. */
  monitor?: boolean;
}

/** The kinds of device a capture issue is about. */
export type CaptureDeviceKind = 'camera' | 'screen' | 'audio';

/** Something the user should know about a kind of device, in the app's words (the tools' own notes stay in `notes`). */
export interface CaptureIssue {
  device: CaptureDeviceKind;
  /** One plain sentence with what to do, no tool names or terminal commands. */
  sentence: string;
}

/** Video sources that cannot work on this machine, each with the reason as a short phrase ("no camera is connected"). */
export type UnavailableSources = Partial<Record<'desktop' | 'camera', string>>;

/** What `listCaptureDevices` found. Missing tools, permissions and session limits are in `notes`, never thrown. */
export interface CaptureDevices {
  platform: DesktopPlatform;
  cameras: CameraDevice[];
  screens: ScreenDevice[];
  microphones: MicrophoneDevice[];
  /** One plain sentence each: what does not work here and why (Wayland, a missing tool, no permission, no camera). */
  notes: string[];
  /** The notes that matter when picking a source, in the app's words; absent from older reports. */
  issues?: CaptureIssue[];
  /** Sources that cannot work here: the picker disables them with the reason instead of refusing at Go live. */
  unavailable?: UnavailableSources;
}
