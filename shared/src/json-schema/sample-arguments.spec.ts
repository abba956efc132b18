import { describe, expect, it } from 'vitest';
import { sampleArguments } from './sample-arguments';

describe('sampleArguments', () => {
  it('prefers what the schema names: examples, default, const, the first choice', () => {
    expect(
      sampleArguments({
        type: 'object',
        properties: {
          code: { type: 'string', examples: ['482913'] },
          count: { type: 'integer', default: 3 },
          kind: { const: 'otp' },
          channel: { type: 'string', enum: ['whatsapp', 'sms'] },
          ok: { type: 'boolean' },
        },
      }),
    ).toEqual({ code: '482913', count: 3, kind: 'otp', channel: 'whatsapp', ok: true });
  });

  it('keeps bounds, formats and common patterns, so the sample passes the schema', () => {
    expect(
      sampleArguments({
        type: 'object',
        properties: {
          amount: { type: 'number', minimum: 1 },
          seats: { type: 'integer', exclusiveMinimum: 2 },
          otp: { type: 'string', pattern: '^[0-9]{4,8}$' },
          reference: { type: 'string', pattern: '^[A-Z]+-\\d+$' },
          odd: { type: 'string', pattern: '^zz$' },
          code: { type: 'string', minLength: 6 },
          email: { type: 'string', format: 'email' },
          on: { type: ['string', 'null'], format: 'date' },
        },
      }),
    ).toEqual({ amount: 1, seats: 3, otp: '123456', reference: 'REF-20481', odd: 'text', code: 'textxx', email: 'alex@example.com', on: '2026-11-25' });
  });

  it('gives a list one item of its kind, and nested objects their own sample', () => {
    expect(
      sampleArguments({
        type: 'object',
        properties: {
          skus: { type: 'array', items: { type: 'string' } },
          anything: { type: 'array' },
          address: { type: 'object', properties: { city: { type: 'string' } } },
        },
      }),
    ).toEqual({ skus: ['text'], anything: [], address: { city: 'text' } });
  });

  it('is empty for what is not an object schema', () => {
    expect(sampleArguments('nope')).toEqual({});
    expect(sampleArguments({ type: 'string' })).toEqual({});
  });
});
