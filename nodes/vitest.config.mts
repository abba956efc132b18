import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['src/**/*.spec.ts'] },
  // Tests read @switchboard/shared from source, so they never run against a stale build.
  resolve: { alias: { '@switchboard/shared': path.resolve(import.meta.dirname, '../shared/src/index.ts') } },
});
