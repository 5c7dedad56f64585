// Diagnostics: a one-line verdict (ready to go live, or what blocks it), what doctor() found (ffmpeg, SRT, HEVC
// encoders, capture devices, keychain, API), a redacted log export, and the settings main guards (ffmpeg, API address).

import { useEffect, useRef, useState, type JSX } from 'react';
import type { FfmpegProbe, HevcEncoderStatus } from '../../../shared/ffmpegCapabilities';
import type { AccountStatus, DoctorReport, SrtCompanionApi } from '../../../shared/ipcContract';
import { Notice } from '../components/Notice';
import type { DoctorState } from '../hooks/useDoctor';
import { downloadText, logFileName } from '../logic/downloadText';
import { readinessVerdict } from '../logic/readinessVerdict';
import { DevicesSection } from './DevicesSection';
import { SettingsSection } from './SettingsSection';

export interface DiagnosticsScreenProps {
  api: SrtCompanionApi;
  doctor: DoctorState;
  account: AccountStatus | null;
  onAccountChange(status: AccountStatus): void;
}

function yesNo(v: boolean): string {
  return v ? 'yes' : 'no';
}

/** A GPU encoder this machine lacks is a fact, not a fault: only a failing software encoder is shown as "no". */
function EncoderWorks({ encoder }: { encoder: HevcEncoderStatus }): JSX.Element {
  if (encoder.works) return <td className="good">yes</td>;
  if (encoder.hardware) return <td className="muted">not available on this machine</td>;
  return <td className="bad">no</td>;
}

function FfmpegSection({ probe }: { probe: FfmpegProbe }): JSX.Element {
  return (
    <>
      <dl className="facts">
        <dt>Binary</dt>
        <dd>
          <code>{probe.path}</code>
        </dd>
        <dt>Version</dt>
        <dd>{probe.version}</dd>
        <dt>Found via</dt>
        <dd>{probe.source ?? 'path given directly'}</dd>
        <dt>SRT output (libsrt)</dt>
        <dd className={probe.srtOutput ? 'good' : 'bad'}>{yesNo(probe.srtOutput)}</dd>
        <dt>MPEG-TS muxer</dt>
        <dd className={probe.mpegtsMuxer ? 'good' : 'bad'}>{yesNo(probe.mpegtsMuxer)}</dd>
        <dt>AAC encoder</dt>
        <dd className={probe.aacEncoder ? 'good' : 'bad'}>{yesNo(probe.aacEncoder)}</dd>
        <dt>Capture inputs</dt>
        <dd>{probe.captureBackends.length > 0 ? probe.captureBackends.join(', ') : 'none'}</dd>
      </dl>
      <table className="encoder-table">
        <caption>HEVC encoders (one-frame test encode)</caption>
        <thead>
          <tr>
            <th scope="col">Encoder</th>
            <th scope="col">Kind</th>
            <th scope="col">Works</th>
            <th scope="col">Test</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {probe.hevcEncoders.map((e) => (
            <tr key={e.name}>
              <th scope="row">{e.name}</th>
              <td>{e.hardware ? 'hardware' : 'software'}</td>
              <EncoderWorks encoder={e} />
              <td>{Math.round(e.testMs)} ms</td>
              <td className={e.hardware ? 'muted' : undefined}>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ReportView({ report }: { report: DoctorReport }): JSX.Element {
  return (
    <>
      <h2>ffmpeg</h2>
      {report.ffmpeg.ok ? <FfmpegSection probe={report.ffmpeg.value} /> : <Notice kind="error">{report.ffmpeg.message}</Notice>}
      {report.devices !== undefined ? <DevicesSection devices={report.devices} /> : null}
      <h2>Keychain</h2>
      {report.keychain.ok ? (
        <p>Working; API token stored: {yesNo(report.keychain.value.tokenStored)}.</p>
      ) : (
        <Notice kind="error">{report.keychain.message}</Notice>
      )}
      <h2>Gcore API</h2>
      {report.api === null ? <p>Not checked (not signed in).</p> : null}
      {report.api?.ok === true ? (
        <p>Reachable; {report.api.value.streams} stream{report.api.value.streams === 1 ? '' : 's'} on the account.</p>
      ) : null}
      {report.api?.ok === false ? <Notice kind="error">{report.api.message}</Notice> : null}
    </>
  );
}

function Verdict({ report, account }: { report: DoctorReport; account: AccountStatus | null }): JSX.Element {
  const verdict = readinessVerdict(report, account);
  return (
    <p className={`big-line verdict ${verdict.kind === 'ready' ? 'good' : verdict.kind === 'blocked' ? 'bad' : 'muted'}`} aria-label="Verdict">
      {verdict.sentence}
    </p>
  );
}

export function DiagnosticsScreen({ api, doctor, account, onAccountChange }: DiagnosticsScreenProps): JSX.Element {
  const [exportError, setExportError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  // The report says whether the API was checked; after a sign-in or sign-out it is out of date: check again, once per
  // change (a report that still disagrees then is shown as it is, not re-run in a loop).
  const signedIn = account?.signedIn;
  const refreshedFor = useRef<boolean | undefined>(undefined);
  const { report, loading, refresh } = doctor;
  useEffect(() => {
    if (report === null || loading || signedIn === undefined) return;
    const stale = (report.api === null) === signedIn;
    if (!stale || refreshedFor.current === signedIn) return;
    refreshedFor.current = signedIn;
    void refresh();
  }, [report, loading, signedIn, refresh]);

  const exportLogs = async (): Promise<void> => {
    const r = await api.exportLogs();
    if (!r.ok) {
      setExportError(r.message);
      setExported(null);
      return;
    }
    const name = logFileName(new Date());
    downloadText(r.value, name);
    setExportError(null);
    setExported(name);
  };

  return (
    <section className="screen" aria-labelledby="diagnostics-title">
      <h1 id="diagnostics-title">Diagnostics</h1>
      {doctor.report !== null ? <Verdict report={doctor.report} account={account} /> : null}
      <div className="actions">
        <button type="button" onClick={() => void doctor.refresh()} disabled={doctor.loading}>
          {doctor.loading ? 'Checking…' : 'Run checks again'}
        </button>
        <button type="button" onClick={() => void exportLogs()}>
          Export logs
        </button>
      </div>
      <p className="hint">Exported logs have stream keys, passphrases and the API token removed.</p>
      {exportError !== null ? <Notice kind="error">{exportError}</Notice> : null}
      {exported !== null ? <Notice kind="success">Logs saved as {exported}.</Notice> : null}
      {doctor.error !== null ? <Notice kind="error">{doctor.error}</Notice> : null}
      {doctor.report === null && doctor.loading ? <p>Running checks…</p> : null}
      {doctor.report !== null ? <ReportView report={doctor.report} /> : null}
      <SettingsSection api={api} account={account} onAccountChange={onAccountChange} onFfmpegChanged={() => void doctor.refresh()} />
    </section>
  );
}
