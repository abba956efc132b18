import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, role: 'all', WORKER_CONCURRENCY: 50, PUBLIC_URL: 'http://localhost:3000', RETENTION_DAYS: 30 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEFAULT_PHONE_COUNTRY).toBeUndefined();
  });

  it('reads and normalises values', () => {
    expect(loadConfig({ PORT: '8080', ROLE: 'worker', DEFAULT_PHONE_COUNTRY: 'de', WORKER_CONCURRENCY: '8' })).toMatchObject({
      PORT: 8080,
      role: 'worker',
      DEFAULT_PHONE_COUNTRY: 'DE',
      WORKER_CONCURRENCY: 8,
      PUBLIC_URL: 'http://localhost:8080',
    });
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://flows.example.com' }).PUBLIC_URL).toBe('https://flows.example.com');
  });

  it('names every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'http', ROLE: 'boss', DEFAULT_PHONE_COUNTRY: 'Germany' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'http', ROLE: 'boss', DEFAULT_PHONE_COUNTRY: 'Germany' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/ROLE/);
      expect((error as Error).message).toMatch(/DEFAULT_PHONE_COUNTRY must be an ISO 3166 alpha-2 code/);
    }
  });
});
