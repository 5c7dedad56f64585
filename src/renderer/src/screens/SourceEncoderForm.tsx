// The broadcast settings form: source pickers plus encoder settings, with validation messages from broadcastSettings.

import type { JSX } from 'react';
import type { CaptureDevices } from '../../../shared/captureDevices';
import type { FfmpegProbe } from '../../../shared/ffmpegCapabilities';
import { Notice } from '../components/Notice';
import { useSourceFallback } from '../hooks/useSourceFallback';
import { validateBroadcastSettings, type BroadcastSettings, type SettingsField } from '../logic/broadcastSettings';
import { encoderOptions, sourceAvailability } from '../logic/encoderChoices';
import { EncoderPicker } from './EncoderPicker';
import { SourcePicker } from './SourcePicker';
import type { FileSourceApi } from './FileSourceFields';

export interface SourceEncoderFormProps {
  settings: BroadcastSettings;
  update(patch: Partial<BroadcastSettings>): void;
  /** The ffmpeg probe from doctor(); null while it runs or when it failed. */
  probe: FfmpegProbe | null;
  /** The capture devices from doctor(); null while it runs or when it did not list them. */
  devices: CaptureDevices | null;
  /** Locked while a broadcast runs: parameters must not change mid-stream. */
  disabled: boolean;
  /** The last Go live that main refused, with the setting it named: shown on that field. */
  refusal?: { field: string | null; message: string | null };
  /** main's file dialog and check, for a video file as the source. */
  files?: FileSourceApi;
}

export function SourceEncoderForm({ settings, update, probe, devices, disabled, refusal, files }: SourceEncoderFormProps): JSX.Element {
  const fallback = useSourceFallback(settings, devices, update, !disabled);
  const problems = validateBroadcastSettings(settings);
  const problem = (field: SettingsField): string | undefined =>
    problems.find((p) => p.field === field)?.message ?? (refusal?.field === field && refusal.message !== null ? refusal.message : undefined);
  return (
    <form className="form settings-form" onSubmit={(e) => e.preventDefault()} aria-label="Source and encoder">
      <fieldset disabled={disabled} className="plain-fieldset">
        {probe === null ? (
          <Notice kind="info">Checking ffmpeg… until then only the test pattern and automatic encoder are offered.</Notice>
        ) : null}
        {fallback.notices.map((notice) => (
          <Notice key={notice} kind="warning">
            {notice}
          </Notice>
        ))}
        <SourcePicker
          input={settings.input}
          audio={settings.audio}
          available={sourceAvailability(probe)}
          devices={devices}
          broadcastFps={settings.fps}
          onInput={(input) => {
            fallback.dismiss();
            update({ input });
          }}
          onAudio={(audio) => {
            fallback.dismiss();
            update({ audio });
          }}
          inputProblem={problem('input')}
          audioProblem={problem('audio')}
          {...(files ? { files } : {})}
        />
        <EncoderPicker
          settings={settings}
          encoders={encoderOptions(probe)}
          update={update}
          bitrateProblem={problem('bitrateKbps')}
          latencyProblem={problem('latencyMs')}
        />
      </fieldset>
    </form>
  );
}
