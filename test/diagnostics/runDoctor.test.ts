// doctor() reads in the words of where it is shown: the app's Diagnostics never tells the user to run a command, the
// CLI's doctor keeps its install commands. The services are a stand-in with no ffmpeg and no token (the device
// listing runs the real OS tools).

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { runDoctor } from '../../src/main/diagnostics/runDoctor';
import type { Services } from '../../src/main/services';

function servicesWithoutFfmpeg(): Parameters<typeof runDoctor>[0] {
  return {
    env: {},
    platform: 'linux',
    ffmpeg: async () => {
      throw new AppError('ffmpeg', 'ffmpeg_not_found', 'No ffmpeg found: install it with `sudo apt install ffmpeg`.', {
        appMessage: 'No ffmpeg found on this computer: install ffmpeg, or choose the ffmpeg program under Diagnostics › Settings.',
      });
    },
    tokenStore: () => ({ status: async () => ({ state: 'absent' }) }) as unknown as ReturnType<Services['tokenStore']>,
    apiClient: async () => {
      throw new Error('not called without a token');
    },
  };
}

describe('runDoctor', () => {
  it('reports a failed check in the app’s words for the app and in the CLI’s for the CLI', async () => {
    const app = await runDoctor(servicesWithoutFfmpeg(), 'app');
    const cli = await runDoctor(servicesWithoutFfmpeg());
    expect(app.ffmpeg).toEqual({ ok: false, code: 'ffmpeg_not_found', message: expect.stringContaining('Diagnostics › Settings') });
    expect(cli.ffmpeg).toEqual({ ok: false, code: 'ffmpeg_not_found', message: expect.stringContaining('sudo apt install ffmpeg') });
    expect(app.api).toBeNull();
  });
});
