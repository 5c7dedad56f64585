// The fields under the Desktop and Camera choices: pick a listed screen or camera (and its mode, and a camera over the
// desktop), or type a name when this machine lists none.

import type { JSX } from 'react';
import type { InputSource } from '../../../shared/broadcastTypes';
import type { CaptureDevices } from '../../../shared/captureDevices';
import {
  cameraModeOptions,
  desktopInputFor,
  overlayWithCamera,
  screenForInput,
  screenLabel,
  selectedModeKey,
} from '../logic/deviceChoices';

type DesktopInput = Extract<InputSource, { kind: 'desktop' }>;
type CameraInput = Extract<InputSource, { kind: 'camera' }>;

export interface DesktopFieldsProps {
  input: DesktopInput;
  /** Null while doctor() runs or when it did not list devices: the display is typed. */
  devices: CaptureDevices | null;
  onInput(input: InputSource): void;
}

export function DesktopFields({ input, devices, onInput }: DesktopFieldsProps): JSX.Element {
  const screens = devices?.screens ?? [];
  const cameras = devices?.cameras ?? [];
  const overlay = input.overlayCamera;
  const withoutOverlay = (): DesktopInput => {
    const next: DesktopInput = { ...input };
    delete next.overlayCamera;
    return next;
  };
  return (
    <>
      {screens.length > 0 ? (
        <div className="field">
          <label htmlFor="desktop-screen">Screen</label>
          <select
            id="desktop-screen"
            value={screenForInput(screens, input)?.id ?? ''}
            onChange={(e) => onInput(desktopInputFor(screens.find((s) => s.id === e.target.value), input))}
          >
            {screens.map((s) => (
              <option key={s.id} value={s.id}>
                {screenLabel(s)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="desktop-display">Display (optional)</label>
          <input
            id="desktop-display"
            value={input.display ?? ''}
            placeholder=":0.0"
            onChange={(e) => {
              const next: DesktopInput = { ...input };
              if (e.target.value === '') delete next.display;
              else next.display = e.target.value;
              onInput(next);
            }}
          />
        </div>
      )}
      {cameras.length > 0 ? (
        <>
          <label>
            <input
              type="checkbox"
              checked={overlay !== undefined}
              onChange={(e) =>
                onInput(e.target.checked ? { ...input, overlayCamera: overlayWithCamera(undefined, cameras[0]?.id ?? '') } : withoutOverlay())
              }
            />
            Camera over desktop (picture-in-picture)
          </label>
          {overlay !== undefined ? (
            <div className="field">
              <label htmlFor="overlay-camera">Overlay camera</label>
              <select
                id="overlay-camera"
                value={overlay.device}
                onChange={(e) => onInput({ ...input, overlayCamera: overlayWithCamera(overlay, e.target.value) })}
              >
                {cameras.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export interface CameraFieldsProps {
  input: CameraInput;
  devices: CaptureDevices | null;
  /** The broadcast's frame rate: the rate offered for modes listed without rates. */
  broadcastFps: number;
  onInput(input: InputSource): void;
  invalid: boolean;
}

export function CameraFields({ input, devices, broadcastFps, onInput, invalid }: CameraFieldsProps): JSX.Element {
  const cameras = devices?.cameras ?? [];
  if (cameras.length === 0) {
    return (
      <div className="field">
        <label htmlFor="camera-device">Camera device</label>
        <input
          id="camera-device"
          value={input.device}
          placeholder="/dev/video0"
          aria-invalid={invalid}
          onChange={(e) => onInput({ kind: 'camera', device: e.target.value })}
        />
      </div>
    );
  }
  const modes = cameraModeOptions(cameras.find((c) => c.id === input.device), broadcastFps);
  return (
    <>
      <div className="field">
        <label htmlFor="camera-device">Camera device</label>
        <select id="camera-device" value={input.device} onChange={(e) => onInput({ kind: 'camera', device: e.target.value })}>
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {modes.length > 0 ? (
        <div className="field">
          <label htmlFor="camera-mode">Camera mode</label>
          <select
            id="camera-mode"
            value={selectedModeKey(modes, input.captureMode)}
            onChange={(e) => {
              const picked = modes.find((m) => m.key === e.target.value);
              onInput(picked ? { kind: 'camera', device: input.device, captureMode: picked.mode } : { kind: 'camera', device: input.device });
            }}
          >
            <option value="">Camera default (scaled to the broadcast size)</option>
            {modes.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </>
  );
}
