import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// NestJS reads constructor parameter types from decorator metadata, which esbuild does not
// emit: SWC compiles the engine's tests. Workspace packages resolve to their sources.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@switchboard/shared': resolve(import.meta.dirname, '../shared/src/index.ts'),
      '@switchboard/nodes': resolve(import.meta.dirname, '../nodes/src/index.ts'),
      '@switchboard/migrations': resolve(import.meta.dirname, '../migrations/src/index.ts'),
    },
  },
  test: {
    include: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'src/**/*.e2e-spec.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start engines and worker processes; two cores run two files at a time.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
