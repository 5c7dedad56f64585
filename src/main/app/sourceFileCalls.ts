// The desktop backend's file source: main opens the file dialog, checks the file and remembers it (settings.sourceFile);
// the window may broadcast or save only that file, so it can never make main read a path the user did not pick.

import { isAbsolute } from 'node:path';
import type { InputSource } from '../../shared/broadcastTypes';
import type { FileSourceInfo } from '../../shared/fileSourceTypes';
import { AppError } from '../appError';
import { checkMediaFile } from '../capture/checkMediaFile';
import type { FileSourceCheck } from '../capture/fileSourcePlan';
import type { Services } from '../services';
import type { AppBackend } from './appBackend';
import { attempt } from './attempt';
import type { NativeDialogs } from './nativeDialogs';

export type SourceFileCalls = Pick<AppBackend, 'chooseSourceFile' | 'describeSourceFile'>;

/** What the dialog offers first; "All files" stays available, since the check (not the extension) decides. */
const VIDEO_FILTERS = [
  { name: 'Video files', extensions: ['mp4', 'mkv', 'mov', 'ts', 'm2ts', 'mts', 'webm', 'avi', 'flv', 'm4v', 'hevc', 'h265'] },
  { name: 'All files', extensions: ['*'] },
];

/** What the window is told about a checked file. */
export function fileSourceInfo(check: FileSourceCheck): FileSourceInfo {
  return { summary: check.summary, sentAsIs: check.playback.copyVideo, notes: check.notes };
}

/**
 * Refuses a file source that is not the file the user picked in main's dialog (the window names the path, so this is
 * where a tampered request stops); every other source passes.
 */
export async function assertChosenSourceFile(services: Services, input: InputSource): Promise<void> {
  if (input.kind !== 'file') return;
  const chosen = (await services.settings()).sourceFile ?? null;
  if (chosen === null || input.path !== chosen) {
    throw new AppError('input', 'file_not_chosen', 'The app plays only a video file you picked with "Choose file…": choose the file again.', { field: 'input' });
  }
}

export function createSourceFileCalls({ services, dialogs }: { services: Services; dialogs: NativeDialogs | undefined }): SourceFileCalls {
  const check = async (path: string): Promise<FileSourceCheck> => checkMediaFile(path, { ffmpegPath: (await services.ffmpeg()).path });
  return {
    chooseSourceFile: () =>
      attempt(async () => {
        if (!dialogs) throw new AppError('config', 'no_dialog', 'Choosing a file needs the desktop app, which opens a file dialog; use `srt-companion push --input file:PATH` instead.');
        const path = await dialogs.chooseFile({ title: 'Choose the video file to broadcast', buttonLabel: 'Use this file', filters: VIDEO_FILTERS });
        if (path === null) return { status: 'cancelled' as const };
        if (!isAbsolute(path)) throw new AppError('input', 'bad_file_path', `${path} is not a full path: choose the file in the dialog.`, { field: 'input' });
        // Checked before it is remembered: a file that cannot be the source is refused with the check's sentence.
        const checked = await check(path);
        await services.saveSettings({ sourceFile: path });
        return { status: 'chosen' as const, file: fileSourceInfo(checked) };
      }),

    describeSourceFile: () =>
      attempt(async () => {
        const path = (await services.settings()).sourceFile ?? null;
        return path === null ? null : fileSourceInfo(await check(path));
      }),
  };
}
