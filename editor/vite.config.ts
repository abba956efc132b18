import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The engine the dev server forwards API calls to (`pnpm dev` in engine/ listens on 3000). */
const engine = process.env.SWITCHBOARD_ENGINE_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // @switchboard/shared builds to CommonJS for the Node packages; the editor bundles its
      // TypeScript sources instead (kept in step with "paths" in tsconfig.app.json).
      '@switchboard/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/api': engine,
      '/health': engine,
      '/webhooks': engine,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
