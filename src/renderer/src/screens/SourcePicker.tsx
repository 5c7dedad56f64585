// Video and audio source choices: test pattern / desktop / camera and none / tone / device, limited to what ffmpeg can capture here.

import type { JSX } from 'react';
import type { AudioChoice, InputChoice } from '../../../shared/broadcastTypes';
import type { SourceAvailability } from '../logic/encoderChoices';

export interface SourcePickerProps {
  input: InputChoice;
  audio: AudioChoice;
  available: SourceAvailability;
  onInput(input: InputChoice): void;
  onAudio(audio: AudioChoice): void;
  inputProblem?: string;
  audioProblem?: string;
}

export function SourcePicker(p: SourcePickerProps): JSX.Element {
  const cameraDevice = p.input.kind === 'camera' ? p.input.device : '';
  const display = p.input.kind === 'desktop' ? (p.input.display ?? '') : '';
  const audioDevice = p.audio.kind === 'device' ? p.audio.device : '';
  return (
    <>
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
            disabled={!p.available.desktop}
            onChange={() => p.onInput({ kind: 'desktop' })}
          />
          Desktop{p.available.desktop ? '' : ' (no screen capture in this ffmpeg)'}
        </label>
        <label>
          <input
            type="radio"
            name="video-source"
            checked={p.input.kind === 'camera'}
            disabled={!p.available.camera}
            onChange={() => p.onInput({ kind: 'camera', device: cameraDevice })}
          />
          Camera{p.available.camera ? '' : ' (no camera capture in this ffmpeg)'}
        </label>
        {p.input.kind === 'desktop' ? (
          <div className="field">
            <label htmlFor="desktop-display">Display (optional)</label>
            <input
              id="desktop-display"
              value={display}
              placeholder=":0.0"
              onChange={(e) => p.onInput(e.target.value === '' ? { kind: 'desktop' } : { kind: 'desktop', display: e.target.value })}
            />
          </div>
        ) : null}
        {p.input.kind === 'camera' ? (
          <div className="field">
            <label htmlFor="camera-device">Camera device</label>
            <input
              id="camera-device"
              value={cameraDevice}
              placeholder="/dev/video0"
              aria-invalid={p.inputProblem !== undefined}
              onChange={(e) => p.onInput({ kind: 'camera', device: e.target.value })}
            />
          </div>
        ) : null}
        {p.inputProblem !== undefined ? <p className="field-error">{p.inputProblem}</p> : null}
      </fieldset>
      <fieldset className="choice-group">
        <legend>Audio</legend>
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
            onChange={() => p.onAudio({ kind: 'device', device: audioDevice })}
          />
          Device{p.available.audioDevice ? '' : ' (no audio capture in this ffmpeg)'}
        </label>
        {p.audio.kind === 'device' ? (
          <div className="field">
            <label htmlFor="audio-device">Audio device name</label>
            <input
              id="audio-device"
              value={audioDevice}
              placeholder="default"
              aria-invalid={p.audioProblem !== undefined}
              onChange={(e) => p.onAudio({ kind: 'device', device: e.target.value })}
            />
          </div>
        ) : null}
        {p.audioProblem !== undefined ? <p className="field-error">{p.audioProblem}</p> : null}
      </fieldset>
    </>
  );
}
