import { describe, expect, it } from 'vitest';
import { isCredentialHeader } from './outbound-fetch';

describe('isCredentialHeader', () => {
  it('knows the usual credential headers and any name that says it carries one', () => {
    for (const name of ['Authorization', 'proxy-authorization', 'cookie', 'X-Api-Key', 'api-key', 'x-auth-token', 'X-Hub-Signature-256', 'x-client-secret', 'x-session-id']) {
      expect(isCredentialHeader(name), name).toBe(true);
    }
  });

  it('keeps the headers the next origin needs', () => {
    for (const name of ['content-type', 'accept', 'idempotency-key', 'x-source', 'user-agent', 'x-request-id']) expect(isCredentialHeader(name), name).toBe(false);
  });
});
