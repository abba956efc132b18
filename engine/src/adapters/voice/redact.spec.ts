import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact';

describe('redactCredentials', () => {
  it('drops credential keys in every spelling, at any depth, inside arrays', () => {
    const value = {
      call_id: 'c1',
      phoneNumber: { provider: 'twilio', number: '+14155550100', twilioAuthToken: 't', twilioAccountSid: 'AC1' },
      headers: [{ Authorization: 'Bearer x', 'X-Api-Key': 'k', accept: 'json' }],
      webhook_secret: 's',
      clientSecret: 's',
      password: 'p',
      privateKey: 'pk',
      aws_secret_key: 'sk',
      accessKey: 'ak',
    };
    expect(redactCredentials(value)).toEqual({
      call_id: 'c1',
      phoneNumber: { provider: 'twilio', number: '+14155550100', twilioAccountSid: 'AC1' },
      headers: [{ accept: 'json' }],
    });
  });

  it('keeps values that only mention a credential word and leaves the input untouched', () => {
    const value = { tokens_used: 12, token_count: 3, summary: 'the secret password is swordfish', keys: ['token'] };
    expect(redactCredentials(value)).toEqual(value);
    const input = { apiKey: 'k' };
    redactCredentials(input);
    expect(input).toEqual({ apiKey: 'k' });
  });

  it('passes scalars and null through', () => {
    expect(redactCredentials(null)).toBeNull();
    expect(redactCredentials('x')).toBe('x');
    expect(redactCredentials(3)).toBe(3);
  });
});
