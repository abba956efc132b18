import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// The unit tests (`*.spec.ts`): pure logic and the execution core on its in-memory store. They
// need neither Postgres nor Redis, so this config starts neither (no global setup).
export default defineConfig({ ...base, test: { ...base.test, include: ['src/**/*.spec.ts'], globalSetup: [] } });
