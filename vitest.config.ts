// Test runner configuration: Node tests for main/shared/CLI code; renderer component tests run in jsdom.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'test/renderer/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real ffmpeg and SRT processes; on 2 cores two files at a time is the most that stays honest.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
