// A finished download (the exported log) is made 0600. Electron's session and DownloadItem are stand-ins (EventEmitters)
// because the Electron binary cannot run on these machines; the file and its mode are real.

import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDownloadsPrivate } from '../../src/main/electron/privateDownloads';
import { until } from '../support/waitUntil';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-download-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What Chromium leaves on disk with the usual umask 022. */
async function downloadedFile(name: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, 'SRT Companion logs, …', { mode: 0o644 });
  return file;
}

function fakeDownload(session: EventEmitter, savePath: string): EventEmitter {
  const item = Object.assign(new EventEmitter(), { getSavePath: () => savePath });
  session.emit('will-download', {}, item);
  return item;
}

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('makeDownloadsPrivate', () => {
  it('makes a completed download 0600', async () => {
    const session = new EventEmitter();
    makeDownloadsPrivate(session as never, 'linux');
    const file = await downloadedFile('srt-companion-logs.txt');
    fakeDownload(session, file).emit('done', {}, 'completed');
    // chmod runs asynchronously after the 'done' event.
    await until(() => (statSync(file).mode & 0o777) === 0o600, 5000, 'the download to become 0600');
    expect(await modeOf(file)).toBe(0o600);
  });

  it('leaves a cancelled download alone, and stops listening when disposed', async () => {
    const session = new EventEmitter();
    const dispose = makeDownloadsPrivate(session as never, 'linux');
    const cancelled = await downloadedFile('cancelled.txt');
    fakeDownload(session, cancelled).emit('done', {}, 'cancelled');
    dispose();
    expect(session.listenerCount('will-download')).toBe(0);
    expect(await modeOf(cancelled)).toBe(0o644);
  });
});
