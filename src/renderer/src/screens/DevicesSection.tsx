// Diagnostics: the cameras (with their mode count), screens (with geometry) and audio inputs doctor() listed, and its notes.

import type { JSX } from 'react';
import type { CameraDevice, CaptureDevices, ScreenDevice } from '../../../shared/captureDevices';
import { Notice } from '../components/Notice';
import { microphoneLabel } from '../logic/deviceChoices';

function cameraLine(c: CameraDevice): string {
  const count = c.modes?.length;
  const modes = count === undefined ? 'modes not listed' : `${count} mode${count === 1 ? '' : 's'}`;
  return `${c.name} — ${c.id} — ${modes}`;
}

function screenLine(s: ScreenDevice): string {
  const size = s.width !== null && s.height !== null ? `${s.width}x${s.height}` : 'size not reported';
  const display = s.capture.display !== undefined ? ` — display ${s.capture.display}` : '';
  return `${s.name} — ${size} at +${s.x}+${s.y}${s.primary === true ? ', primary' : ''}${display}`;
}

function DeviceList({ title, lines }: { title: string; lines: string[] }): JSX.Element {
  return (
    <>
      <h3>{title}</h3>
      {lines.length > 0 ? (
        <ul className="plain-list" aria-label={title}>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">None found.</p>
      )}
    </>
  );
}

export function DevicesSection({ devices }: { devices: CaptureDevices }): JSX.Element {
  return (
    <>
      <h2>Capture devices</h2>
      {devices.notes.map((note) => (
        <Notice key={note} kind="info">
          {note}
        </Notice>
      ))}
      <DeviceList title="Cameras" lines={devices.cameras.map(cameraLine)} />
      <DeviceList title="Screens" lines={devices.screens.map(screenLine)} />
      <DeviceList title="Audio inputs" lines={devices.microphones.map((m) => `${microphoneLabel(m)} — ${m.id}`)} />
    </>
  );
}
