// The reveal step for a push URL: main asks the user in a native dialog, then puts the real URL (stream key included)
// on the system clipboard itself; the window gets back only the masked URL, to confirm what was copied.

import type { IngestRole } from '../../shared/broadcastTypes';
import type { PushUrlCopy } from '../../shared/ipcContract';
import { AppError } from '../appError';
import type { GcoreClient } from '../gcore/gcoreClient';
import { toStreamView } from '../gcore/streamView';
import type { NativeDialogs } from './nativeDialogs';
import type { SystemClipboard } from './systemClipboard';

export interface CopyPushUrlDeps {
  client(): Promise<GcoreClient>;
  /** Absent where no window can show one (the browser e2e bridge): the copy is then refused. */
  dialogs: NativeDialogs | undefined;
  clipboard: SystemClipboard | undefined;
}

/** The words for the role in the dialog and the refusals. */
function roleName(role: IngestRole): string {
  return role === 'primary' ? 'primary' : 'backup';
}

export async function copyPushUrl(deps: CopyPushUrlDeps, id: number, role: IngestRole): Promise<PushUrlCopy> {
  if (!deps.dialogs || !deps.clipboard) {
    throw new AppError('config', 'no_dialog', 'Copying a push URL with its key needs the desktop app, which asks you in a dialog first.');
  }
  const stream = await (await deps.client()).getStream(id);
  const real = toStreamView(stream, { reveal: true });
  const masked = toStreamView(stream, { reveal: false });
  const url = role === 'primary' ? real.pushUrlSrt : real.backupPushUrlSrt;
  const maskedUrl = role === 'primary' ? masked.pushUrlSrt : masked.backupPushUrlSrt;
  if (url === null || maskedUrl === null) {
    throw new AppError('api', 'no_push_url', `Gcore gave no ${roleName(role)} push URL for “${stream.name}”, so there is nothing to copy.`);
  }
  const passphrase = real.hasPassphrase ? ' This stream also needs its SRT passphrase, which is not part of the URL.' : '';
  const confirmed = await deps.dialogs.confirm({
    title: 'Copy the push URL with its key',
    message: `Put the ${roleName(role)} push URL of “${stream.name}” on the clipboard, stream key included?`,
    detail: `Anyone who has this URL can broadcast on your stream: paste it only into your encoder.${passphrase}`,
    confirmLabel: 'Copy with key',
  });
  if (!confirmed) return { status: 'cancelled' };
  await deps.clipboard.writeText(url);
  return { status: 'copied', masked: maskedUrl };
}
