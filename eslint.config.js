// Lint rules, including the layering of design.md: who may import electron, keytar, fluent-ffmpeg and main code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layering from './eslint-rules/layering.js';

const electronOnlyHere = ['src/main/index.ts', 'src/main/electron/**'];
/** Folders of pure logic: no sockets, processes, files or electron (design.md layering). */
export const PURE_FOLDERS = ['src/main/mpegts', 'src/main/failover', 'src/main/ingestModel', 'src/main/srt/packets', 'src/main/srt/crypto', 'src/main/srt/caller', 'src/main/ffmpeg/args', 'src/shared'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'test-results/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  // Plain-Node main code: no electron (only src/main/index.ts and src/main/electron/ may), no renderer code.
  {
    files: ['src/main/**/*.ts'],
    ignores: electronOnlyHere,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/main/electron/ import electron (design.md layering).' }],
          patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'Main code must not import renderer or preload code.' }],
        },
      ],
    },
  },
  // keytar lives behind src/main/secrets/keytarStore.ts, fluent-ffmpeg behind src/main/ffmpeg/fluentCapabilities.ts.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/main/secrets/keytarStore.ts', 'src/main/ffmpeg/fluentCapabilities.ts', ...electronOnlyHere, 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'keytar', message: 'Use src/main/secrets/keytarStore.ts (the one keytar module).' },
            { name: 'fluent-ffmpeg', message: 'Use src/main/ffmpeg/fluentCapabilities.ts (the one fluent-ffmpeg module).' },
            { name: 'ffmpeg-static', message: 'Use src/main/ffmpeg/locateFfmpeg.ts (the one ffmpeg-static module).' },
            { name: 'electron', message: 'Only src/main/index.ts and src/main/electron/ import electron (design.md layering).' },
          ],
          patterns: [{ group: ['**/renderer/**'], message: 'Nothing outside the renderer imports renderer code.' }],
        },
      ],
    },
  },
  // The pipeline's folders import only downward (the layer table is in eslint-rules/layering.js); pure folders do no I/O.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { layering },
    rules: { 'layering/no-upward-import': 'error' },
  },
  {
    files: PURE_FOLDERS.map((folder) => `${folder}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    plugins: { layering },
    rules: { 'layering/pure-no-io': 'error' },
  },
  // The renderer sees only src/shared and the preload API (typed through src/shared).
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/preload/**', 'electron', 'node:*', 'keytar', 'fluent-ffmpeg', 'ffmpeg-static'], message: 'The renderer imports only src/shared and reaches main through the preload API.' },
          ],
        },
      ],
    },
  },
  // The preload may import electron and src/shared only.
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'The preload imports only electron and src/shared.' }] },
      ],
    },
  },
);
