// Lint is type-aware and narrow on purpose: it enforces only that no promise is left floating
// (an unhandled rejection kills the process) or passed where a void callback is expected.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Tests and test helpers are outside each package's tsconfig.json (the project service's
    // program); the rules guard the code that runs in production.
    files: ['engine/src/**/*.ts', 'nodes/src/**/*.ts', 'shared/src/**/*.ts', 'client/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'engine/src/testing/**', 'engine/src/execution/testing/**', 'nodes/src/testing/**'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `void promise` is not enough: its rejection is still unhandled and ends the process.
      // Fire-and-forget is written `void promise.catch((error) => logger.warn(...))`.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
