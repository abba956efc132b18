import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Same plugins and @switchboard/shared alias as the app, so tests see what the bundle sees.
export default mergeConfig(
  viteConfig,
  defineConfig({
    // Component specs (`*.spec.tsx`) choose a DOM with `// @vitest-environment happy-dom`.
    test: { include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx'] },
  }),
);
