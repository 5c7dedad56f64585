// Test support: run a command on a D-Bus session bus where nothing provides org.freedesktop.secrets.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a session-bus config with no service directories, so no Secret Service can be activated on it. */
export function busConfigWithoutSecretService(): string {
  const dir = mkdtempSync(join(tmpdir(), 'srtc-bus-'));
  const file = join(dir, 'session.conf');
  writeFileSync(
    file,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir}</listen>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
  );
  return file;
}
