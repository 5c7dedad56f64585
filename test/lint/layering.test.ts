// The layering lint rules fire: an upward import between pipeline folders and an I/O import in a pure folder are
// errors, downward imports are not; and the repository's ESLint config turns both rules on where design.md says.

import { resolve } from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layering from '../../eslint-rules/layering.js';

const root = resolve(__dirname, '../..');

function lint(file: string, code: string, rule: 'no-upward-import' | 'pure-no-io'): string[] {
  const linter = new Linter({ cwd: root });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { layering }, rules: { [`layering/${rule}`]: 'error' } }],
    { filename: resolve(root, file) },
  );
  return messages.map((m) => m.message);
}

describe('layering/no-upward-import', () => {
  it('refuses a pure folder importing the orchestration above it', () => {
    const errors = lint('src/main/mpegts/tsFanout.ts', "import { Broadcast } from '../broadcast/broadcast';\n", 'no-upward-import');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/main/mpegts/ (layer 1) may not import src/main/broadcast/ (layer 6)');
  });

  it('refuses the argument builders importing ffmpeg discovery (a sub-folder is its own, lower unit)', () => {
    expect(lint('src/main/ffmpeg/args/encoderArgs.ts', "import { probeFfmpeg } from '../probeFfmpeg';\n", 'no-upward-import')).toHaveLength(1);
  });

  it('refuses imports between two folders of the same layer (no folder loops)', () => {
    expect(lint('src/main/capture/x.ts', "export * from '../rehearsal/localIngests';\n", 'no-upward-import')).toHaveLength(1);
  });

  it('refuses a dynamic import that goes upward', () => {
    expect(lint('src/main/srt/srtTap.ts', "export async function f() { return import('../broadcast/uplink'); }\n", 'no-upward-import')).toHaveLength(1);
  });

  it('allows downward imports and imports inside one folder', () => {
    const code = "import { TsFanout } from '../mpegts/tsFanout';\nimport { createFailoverPolicy } from '../failover/failoverPolicy';\nimport { startUplink } from './uplink';\nimport type { X } from '../../shared/broadcastTypes';\n";
    expect(lint('src/main/broadcast/broadcast.ts', code, 'no-upward-import')).toEqual([]);
  });
});

describe('layering/pure-no-io', () => {
  it.each(['node:dgram', 'node:child_process', 'node:fs', 'fs/promises', 'node:net', 'electron'])('refuses %s', (name) => {
    expect(lint('src/main/failover/x.ts', `import * as m from '${name}';\nexport { m };\n`, 'pure-no-io')).toHaveLength(1);
  });

  it('allows plain modules', () => {
    expect(lint('src/main/failover/x.ts', "import { EventEmitter } from 'node:events';\nexport { EventEmitter };\n", 'pure-no-io')).toEqual([]);
  });
});

describe('the repository config', () => {
  const eslint = new ESLint({ cwd: root });
  it.each(['src/main/mpegts/tsFanout.ts', 'src/main/failover/failoverPolicy.ts', 'src/main/ingestModel/viewerTimeline.ts', 'src/main/srt/packets/ackPacket.ts', 'src/main/ffmpeg/args/senderArgs.ts', 'src/shared/broadcastTypes.ts'])(
    'marks %s pure and layered',
    async (file) => {
      const config = (await eslint.calculateConfigForFile(resolve(root, file))) as { rules: Record<string, unknown[]> };
      expect(config.rules['layering/pure-no-io']?.[0]).toBe(2);
      expect(config.rules['layering/no-upward-import']?.[0]).toBe(2);
    },
  );

  it('does not mark I/O folders pure', async () => {
    const config = (await eslint.calculateConfigForFile(resolve(root, 'src/main/srt/srtTap.ts'))) as { rules: Record<string, unknown[]> };
    expect(config.rules['layering/pure-no-io']).toBeUndefined();
    expect(config.rules['layering/no-upward-import']?.[0]).toBe(2);
  });
});
