import { ERROR_CODES, StepError } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { httpError, META_ERRORS, metaError, statusRule } from './provider-errors';

const meta = { provider: 'meta' as const, httpStatus: 400 };

describe('META_ERRORS', () => {
  it('covers every code of the reference table, ranges included', () => {
    const expected = [0, 190, 131005, 3, 10, 200, 250, 299, 4, 80007, 130429, 131048, 131056, 131049, 131026, 130472, 131021, 368, 131031, 131042, 133010, 33, 131045, 131057, 133000, 133015, 1, 2, 131000, 131016, 133004, 100, 131008, 131009, 131051, 135000, 131052, 131053, 132007, 131047, 131050, 132000, 132012, 132001, 132015, 132016, 132005, 133005, 133006, 133007, 133008, 133009, 133016];
    for (const code of expected) expect(META_ERRORS.has(code), `Meta code ${code}`).toBe(true);
    expect(META_ERRORS.size).toBe(expected.length - 3 + 100);
  });

  it('gives every rule the retry class of its CONTRACT code', () => {
    for (const [metaCode, rule] of META_ERRORS) expect(rule.retry, `Meta code ${metaCode}`).toBe(ERROR_CODES[rule.code]);
  });

  it.each([
    [190, 'PROVIDER_AUTH', false],
    [250, 'PROVIDER_AUTH', false],
    [131056, 'RATE_LIMITED', true],
    [131049, 'MARKETING_LIMIT', false],
    [131026, 'RECIPIENT_UNAVAILABLE', false],
    [368, 'SENDER_OFFLINE', true],
    [133004, 'PROVIDER_UNAVAILABLE', true],
    [133007, 'CONFIG_INVALID', false],
    [131050, 'OPTED_OUT', false],
    [132012, 'TEMPLATE_PARAMS_MISMATCH', false],
    [132016, 'TEMPLATE_NOT_FOUND', false],
    [132005, 'MESSAGE_TOO_LONG', false],
  ])('maps Meta %i to %s (retryable %s)', (metaCode, code, retryable) => {
    expect(metaError(metaCode, 'x', meta)).toMatchObject({ code, retryable });
  });
});

describe('metaError', () => {
  it('names the template and Meta’s code, and carries the details', () => {
    const error = metaError(132001, '(#132001) Template name does not exist in the translation', {
      provider: 'meta',
      httpStatus: 404,
      template: { name: 'appointment_confirmation', language: 'en' },
    });
    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toBe('Meta error 132001: the template appointment_confirmation (en) does not exist or is not approved');
    expect(error.details).toEqual({ provider: 'meta', httpStatus: 404, providerCode: 132001, providerMessage: '(#132001) Template name does not exist in the translation' });
  });

  it('says paused and disabled for 132015 and 132016', () => {
    expect(metaError(132015, null, meta).message).toContain('paused');
    expect(metaError(132016, null, meta).message).toContain('disabled');
  });

  it('names the BSP that passed a Meta code through', () => {
    expect(metaError(131026, null, { provider: 'heltar', httpStatus: 206 }).message).toMatch(/^Heltar reported Meta error 131026: /);
  });

  it('falls back to the HTTP status for unknown codes, keeping the provider’s text', () => {
    expect(metaError(999999, 'brand new error', { provider: 'meta', httpStatus: 503 })).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true, message: 'Meta error 999999: brand new error' });
    expect(metaError(999999, null, { provider: 'meta', httpStatus: 400 })).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
  });
});

describe('statusRule and httpError', () => {
  it.each([
    [429, 'RATE_LIMITED', 'retryable'],
    [401, 'PROVIDER_AUTH', 'permanent'],
    [403, 'PROVIDER_AUTH', 'permanent'],
    [500, 'PROVIDER_UNAVAILABLE', 'retryable'],
    [503, 'PROVIDER_UNAVAILABLE', 'retryable'],
    [404, 'CONFIG_INVALID', 'permanent'],
    [422, 'CONFIG_INVALID', 'permanent'],
  ])('HTTP %i → %s (%s)', (status, code, retry) => {
    expect(statusRule(status)).toMatchObject({ code, retry });
  });

  it('quotes the provider and keeps the details', () => {
    const error = httpError({ provider: 'heltar', httpStatus: 401 }, 'Unauthorized', 'Invalid API key');
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH', retryable: false });
    expect(error.message).toContain('Heltar answered HTTP 401');
    expect(error.message).toContain('Invalid API key');
    expect(error.details).toEqual({ provider: 'heltar', httpStatus: 401, providerCode: 'Unauthorized', providerMessage: 'Invalid API key' });
  });
});
