// Video and audio source choices: test pattern / desktop / camera / file and none / tone / device, limited to what ffmpeg can
// capture here and, once doctor() has listed them, to the screens, cameras and audio inputs this machine has; a source
// that cannot work here is disabled with the reason beside it, and the device issues fold behind one line.

import type { JSX } from 'react';
import type { AudioSource, InputSource } from '../../../shared/broadcastTypes';
import type { CaptureDevices } from '../../../shared/captureDevices';
import { CaptureIssues } from '../components/CaptureIssues';
import { desktopInputFor, microphoneLabel } from '../logic/deviceChoices';
import type { SourceAvailability } from '../logic/encoderChoices';
import { CameraFields, DesktopFields } from './VideoDeviceFields';
import { FileSourceFields, type FileSourceApi } from './FileSourceFields';

export interface SourcePickerProps {
  input: InputSource;
  audio: AudioSource;
  available: SourceAvailability;
  /** The devices doctor() listed; null while it runs or when it listed none (names are then typed). */
  devices: CaptureDevices | null;
  /** The broadcast's frame rate, for camera modes listed without rates. */
  broadcastFps: number;
  onInput(input: InputSource): void;
  onAudio(audio: AudioSource): void;
  inputProblem?: string;
  audioProblem?: string;
  /** main's file dialog and file check; without them (no desktop backend) no file source is offered. */
  files?: FileSourceApi;
}

function AudioDeviceField(p: { device: string; devices: CaptureDevices | null; invalid: boolean; onAudio(a: AudioSource): void }): JSX.Element {
  const microphones = p.devices?.microphones ?? [];
  if (microphones.length === 0) {
    return (
      <div className="field">
        <label htmlFor="audio-device">Audio device name</label>
        <input
          id="audio-device"
          value={p.device}
          placeholder="default"
          aria-invalid={p.invalid}
          onChange={(e) => p.onAudio({ kind: 'device', device: e.target.value })}
        />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor="audio-device">Audio device</label>
      <select id="audio-device" value={p.device} onChange={(e) => p.onAudio({ kind: 'device', device: e.target.value })}>
        {microphones.map((m) => (
          <option key={m.id} value={m.id}>
            {microphoneLabel(m)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SourcePicker(p: SourcePickerProps): JSX.Element {
  const cameraDevice = p.input.kind === 'camera' ? p.input.device : '';
  const audioDevice = p.audio.kind === 'device' ? p.audio.device : '';
  const firstScreen = p.devices?.screens[0];
  const firstCamera = p.devices?.cameras[0]?.id;
  const firstMicrophone = p.devices?.microphones[0]?.id;
  const desktopBlocked = p.available.desktop ? p.devices?.unavailable?.desktop : 'this ffmpeg cannot capture the screen';
  const cameraBlocked = p.available.camera ? p.devices?.unavailable?.camera : 'this ffmpeg cannot capture a camera';
  return (
    <>
      <CaptureIssues issues={p.devices?.issues ?? []} />
      <fieldset className="choice-group">
        <legend>Video source</legend>
        <label>
          <input type="radio" name="video-source" checked={p.input.kind === 'testsrc'} onChange={() => p.onInput({ kind: 'testsrc' })} />
          Test pattern
        </label>
        <label>
          <input
            type="radio"
            name="video-source"
            checked={p.input.kind === 'desktop'}
            disabled={desktopBlocked !== undefined}
            onChange={() => p.onInput(desktopInputFor(firstScreen))}
          />
          Desktop
          {desktopBlocked !== undefined ? <span className="source-blocked"> — not available: {desktopBlocked}</span> : null}
        </label>
        <label>
          <input
            type="radio"
            name="video-source"
            checked={p.input.kind === 'camera'}
            disabled={cameraBlocked !== undefined}
            onChange={() => p.onInput({ kind: 'camera', device: firstCamera ?? cameraDevice })}
          />
          Camera
          {cameraBlocked !== undefined ? <span className="source-blocked"> — not available: {cameraBlocked}</span> : null}
        </label>
        {p.files !== undefined ? (
          <label>
            <input type="radio" name="video-source" checked={p.input.kind === 'file'} onChange={() => p.onInput({ kind: 'file', path: '', loop: false })} />
            Video file
          </label>
        ) : null}
        {p.input.kind === 'desktop' ? <DesktopFields input={p.input} devices={p.devices} onInput={p.onInput} /> : null}
        {p.input.kind === 'camera' ? (
          <CameraFields
            input={p.input}
            devices={p.devices}
            broadcastFps={p.broadcastFps}
            onInput={p.onInput}
            invalid={p.inputProblem !== undefined}
          />
        ) : null}
        {p.input.kind === 'file' && p.files !== undefined ? <FileSourceFields input={p.input} files={p.files} onInput={p.onInput} /> : null}
        {p.inputProblem !== undefined ? <p className="field-error">{p.inputProblem}</p> : null}
      </fieldset>
      <fieldset className="choice-group">
        <legend>Audio</legend>
        {p.input.kind === 'file' ? <p className="hint">The file's own sound is sent; this is used only when the file has none.</p> : null}
        <label>
          <input type="radio" name="audio-source" checked={p.audio.kind === 'none'} onChange={() => p.onAudio({ kind: 'none' })} />
          None
        </label>
        <label>
          <input type="radio" name="audio-source" checked={p.audio.kind === 'tone'} onChange={() => p.onAudio({ kind: 'tone' })} />
          Test tone
        </label>
        <label>
          <input
            type="radio"
            name="audio-source"
            checked={p.audio.kind === 'device'}
            disabled={!p.available.audioDevice}
            onChange={() => p.onAudio({ kind: 'device', device: firstMicrophone ?? audioDevice })}
          />
          Device{p.available.audioDevice ? '' : ' (no audio capture in this ffmpeg)'}
        </label>
        {p.audio.kind === 'device' ? (
          <AudioDeviceField device={audioDevice} devices={p.devices} invalid={p.audioProblem !== undefined} onAudio={p.onAudio} />
        ) : null}
        {p.audioProblem !== undefined ? <p className="field-error">{p.audioProblem}</p> : null}
      </fieldset>
    </>
  );
}
