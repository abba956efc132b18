import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROVIDER_FIELDS, providerDefaults, providerFields } from './provider-fields';
import { baseUrlProblem, PROVIDERS, providerNames } from './providers';

/** The defaults a config schema applies, read from the schema itself. */
function schemaDefaults(config: z.ZodObject): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(config.shape)) if (schema instanceof z.ZodDefault) defaults[field] = schema.def.defaultValue;
  return defaults;
}

describe('providers', () => {
  it('take their secrets, destinations and every default from the plain provider fields the editor reads', () => {
    expect(Object.keys(PROVIDER_FIELDS).sort()).toEqual(providerNames().sort());
    for (const [provider, spec] of Object.entries(PROVIDERS)) {
      const fields = providerFields(provider)!;
      expect(schemaDefaults(spec.config), provider).toEqual(fields.defaults);
      expect({ channel: spec.channel, secretFields: spec.secretFields, destinationFields: spec.destinationFields }, provider).toEqual({
        channel: fields.channel,
        secretFields: fields.secretFields,
        destinationFields: fields.destinationFields,
      });
      for (const key of [...fields.secretFields, ...(fields.destinationFields ?? []), ...Object.keys(fields.defaults)]) expect(spec.config.shape, `${provider}.${key}`).toHaveProperty(key);
    }
  });

  it('name their defaults, and none for an unknown provider', () => {
    expect(providerDefaults('whatsapp.meta')).toMatchObject({ apiVersion: 'v23.0', baseUrl: 'https://graph.facebook.com', sendRatePerSecond: 80 });
    expect(providerDefaults('ai.openai_compatible')).toEqual({ timeoutMs: 30_000 });
    expect(providerDefaults('constructor')).toEqual({});
  });

  it('refuse base URLs that would bend API paths', () => {
    expect(baseUrlProblem('https://graph.facebook.com')).toBeNull();
    expect(baseUrlProblem('https://graph.facebook.com#')).toBe('must not have a query string or fragment (? or #)');
    expect(baseUrlProblem('https://x.openai.azure.com/openai/v1?api-version=1', { query: true })).toBeNull();
    expect(baseUrlProblem('ftp://example.com')).toBe('must be an http or https URL');
    expect(baseUrlProblem('https://user:pw@example.com')).toMatch(/user or password/);
    expect(baseUrlProblem('not a url')).toBe('must be a URL such as https://…');
  });
});
