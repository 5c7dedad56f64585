// The capture issues above the source picker, collapsed behind one line that names the kinds of device concerned;
// opened, one plain sentence each, and where the technical details are.

import type { JSX } from 'react';
import type { CaptureDeviceKind, CaptureIssue } from '../../../shared/captureDevices';

const KIND_NAMES: Record<CaptureDeviceKind, string> = { screen: 'desktop', camera: 'camera', audio: 'audio input' };

/** "Not all devices can be used here (camera, audio input)": the one line shown while the details are closed. */
export function captureIssuesSummary(issues: readonly CaptureIssue[]): string {
  const kinds = [...new Set(issues.map((i) => KIND_NAMES[i.device]))];
  return `Not all devices can be used here (${kinds.join(', ')})`;
}

export function CaptureIssues({ issues }: { issues: readonly CaptureIssue[] }): JSX.Element | null {
  if (issues.length === 0) return null;
  return (
    <details className="notice notice-info capture-issues">
      <summary>
        {captureIssuesSummary(issues)} — <span className="link-like">details</span>
      </summary>
      <ul className="plain-list" aria-label="Device issues">
        {issues.map((issue) => (
          <li key={issue.sentence}>{issue.sentence}</li>
        ))}
      </ul>
      <p className="hint">The technical details are under Diagnostics › Capture devices.</p>
    </details>
  );
}
