// "Gcore receives": what the platform's API says it gets from us (live state, region, size, frame rate, transcoding
// speed, its screenshot) beside what we send, and a link that opens the stream's player page in the system browser.

import { useState, type JSX } from 'react';
import type { BroadcastWarning, PlatformView, WarningCode } from '../../../shared/broadcastTypes';
import type { Result } from '../../../shared/result';

export interface PlatformPanelProps {
  /** From the latest stats line; undefined until the platform first answered (or for targets that are not a Gcore stream). */
  view: PlatformView | undefined;
  /** What the broadcast is set to send. */
  sent: { width: number; height: number; fps: number };
  /** The latest warnings; the platform's ones mark the figure they are about. */
  warnings: readonly BroadcastWarning[];
  nowMs: number;
  /** Opens an https link of Gcore's in the system browser (main checks it against its allowlist). */
  openExternal?: (url: string) => Promise<Result<boolean>>;
}

function ingestLine(live: boolean, region: string | null): string {
  if (!live) return 'not receiving';
  return region !== null ? `receiving (${region})` : 'receiving';
}

function orDash(value: number | null, format: (n: number) => string): string {
  return value === null ? '—' : format(value);
}

export function PlatformPanel({ view, sent, warnings, nowMs, openExternal }: PlatformPanelProps): JSX.Element | null {
  const [linkError, setLinkError] = useState<string | null>(null);
  /** The screenshot URL that failed to load (Gcore has not made it yet, or this computer cannot reach it). */
  const [brokenScreenshot, setBrokenScreenshot] = useState<string | null>(null);
  if (!view) return null;
  const screenshotUrl = view.screenshotUrl;
  const warned = (code: WarningCode): boolean => warnings.some((w) => w.code === code);
  const ageS = Math.max(0, Math.round((nowMs - view.checkedAtMs) / 1000));
  const size = view.width !== null && view.height !== null ? `${view.width}x${view.height}` : '—';
  const viewerPageUrl = view.viewerPageUrl;
  const watch = async (): Promise<void> => {
    if (viewerPageUrl === null || !openExternal) return;
    const r = await openExternal(viewerPageUrl);
    setLinkError(r.ok ? null : r.message);
  };
  const rows: Array<{ label: string; ours: string; theirs: string; bad: boolean }> = [
    { label: 'Resolution', ours: `${sent.width}x${sent.height}`, theirs: size, bad: warned('platform-resolution-mismatch') },
    { label: 'Frame rate', ours: `${sent.fps} fps`, theirs: orDash(view.fps, (n) => `${Number.isInteger(n) ? n : n.toFixed(1)} fps`), bad: warned('platform-fps-mismatch') },
    { label: 'Transcoding speed', ours: '—', theirs: orDash(view.transcodingSpeed, (n) => `${n.toFixed(2)}×`), bad: warned('platform-transcoding-slow') },
  ];
  return (
    <section className="platform-panel" aria-label="Gcore receives">
      <h2>Gcore receives</h2>
      <p className={warned('platform-not-live') ? 'platform-state bad' : 'platform-state'}>
        Primary: {ingestLine(view.live, view.region)} · Backup: {ingestLine(view.backupLive, view.backupRegion)}
        {view.sourceType !== null ? ` · over ${view.sourceType.toUpperCase()}` : ''}
        <span className="muted"> · checked {ageS} s ago</span>
      </p>
      <div className="platform-body">
        <table className="uplink-table platform-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">We send</th>
              <th scope="col">Gcore receives</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} className={r.bad ? 'uplink-down' : undefined}>
                <th scope="row">{r.label}</th>
                <td>{r.ours}</td>
                <td>{r.theirs}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {screenshotUrl === null ? null : screenshotUrl === brokenScreenshot ? (
          <p className="platform-screenshot platform-screenshot-missing">No picture from Gcore yet</p>
        ) : (
          <img className="platform-screenshot" src={screenshotUrl} alt="Gcore's latest picture of the stream" width={192} height={108} referrerPolicy="no-referrer" onError={() => setBrokenScreenshot(screenshotUrl)} />
        )}
      </div>
      {viewerPageUrl !== null && openExternal ? (
        <button type="button" className="link-button" onClick={() => void watch()}>
          Watch as a viewer
        </button>
      ) : null}
      {linkError !== null ? <p className="notice notice-error">{linkError}</p> : null}
    </section>
  );
}
