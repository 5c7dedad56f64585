// Test runner configuration: Node tests for main/shared/CLI code; renderer component tests run in jsdom.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real ffmpeg and SRT processes; on 2 cores two files at a time is the most that stays honest.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['node_modules/**', 'out/**', 'test/renderer/**', 'src/renderer/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.tsx', 'src/renderer/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
