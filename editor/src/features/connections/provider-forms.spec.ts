import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { canListTemplates, testFailed, testSucceeded } from './connection-test';
import { providerDefaults, providerNames, providerSpec } from '@switchboard/shared';
import { buildConfig, fieldErrors, initialValues, isVisible, PROVIDER_FORMS, providerForm, providerLabel, publicFacts, secretFields } from './provider-forms';

const meta = providerForm('whatsapp.meta')!;
const aisensy = providerForm('whatsapp.aisensy')!;

describe('provider forms', () => {
  it('have a form for each provider the engine knows, with only fields its config has, and every secret it stores', () => {
    expect(PROVIDER_FORMS.map((form) => form.provider).sort()).toEqual(providerNames().sort());
    for (const form of PROVIDER_FORMS) {
      const spec = providerSpec(form.provider)!;
      const keys = form.fields.map((field) => field.key);
      expect(keys.filter((key) => !(key in spec.config.shape)), form.provider).toEqual([]);
      expect(spec.secretFields.filter((key) => !keys.includes(key)), form.provider).toEqual([]);
      expect(secretFields(form.provider).sort()).toEqual([...spec.secretFields].sort());
    }
  });

  it('show the engine’s defaults as placeholders', () => {
    const placeholder = (key: string) => meta.fields.find((field) => field.key === key)?.placeholder;
    expect([placeholder('apiVersion'), placeholder('baseUrl'), placeholder('sendRatePerSecond')]).toEqual(['v23.0', 'https://graph.facebook.com', '80']);
    for (const form of PROVIDER_FORMS) {
      const defaults = providerDefaults(form.provider);
      for (const field of form.fields) if (defaults[field.key] !== undefined) expect(field.placeholder, `${form.provider}.${field.key}`).toBe(String(defaults[field.key]));
    }
  });

  it('labels every WhatsApp provider and keeps unknown ones readable', () => {
    expect(['whatsapp.sandbox', 'whatsapp.meta', 'whatsapp.heltar', 'whatsapp.aisensy'].map(providerLabel)).toEqual(['Sandbox', 'Meta Cloud API', 'Heltar', 'AiSensy']);
    expect(providerLabel('smtp')).toBe('Email (SMTP)');
    expect(providerLabel('something.new')).toBe('something.new');
  });

  it('describes the secrets the engine never returns', () => {
    expect(secretFields('whatsapp.meta')).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    expect(secretFields('whatsapp.heltar')).toEqual(['apiKey', 'webhookSecret']);
    expect(secretFields('whatsapp.aisensy')).toEqual(['apiKey', 'projectApiPassword', 'webhookSecret']);
    expect(secretFields('whatsapp.sandbox')).toEqual([]);
  });

  it('covers the config fields of the README', () => {
    expect(meta.fields.map((field) => field.key)).toEqual(['accessToken', 'phoneNumberId', 'wabaId', 'appSecret', 'verifyToken', 'apiVersion', 'baseUrl', 'sendRatePerSecond', 'pairIntervalSeconds', 'pairBurst', 'dailyCustomerLimit']);
    expect(aisensy.fields.map((field) => field.key)).toEqual(['apiKey', 'plan', 'projectId', 'projectApiPassword', 'webhookSecret', 'baseUrl', 'projectApiBaseUrl', 'sendRatePerSecond', 'pairIntervalSeconds', 'pairBurst', 'dailyCustomerLimit']);
  });

  it('builds the config: trimmed, numbers as numbers, empty fields left to the engine defaults', () => {
    const values = { ...initialValues(meta), accessToken: 'EAAG ', phoneNumberId: ' 1065 ', sendRatePerSecond: '20', baseUrl: '' };
    expect(buildConfig(meta, values)).toEqual({ accessToken: 'EAAG ', phoneNumberId: '1065', sendRatePerSecond: 20 });
  });

  it('shows and sends the Project API fields only on the AiSensy Pro plan', () => {
    const projectId = aisensy.fields.find((field) => field.key === 'projectId')!;
    const basic = { ...initialValues(aisensy), apiKey: 'k', projectId: 'p' };
    expect(isVisible(projectId, basic)).toBe(false);
    expect(buildConfig(aisensy, basic)).toEqual({ apiKey: 'k', plan: 'basic' });
    expect(buildConfig(aisensy, { ...basic, plan: 'pro' })).toEqual({ apiKey: 'k', plan: 'pro', projectId: 'p' });
  });

  it('puts the API’s 400 details next to the fields they name', () => {
    const details = [
      { field: 'config.phoneNumberId', message: 'phoneNumberId is the numeric id of the sender' },
      { field: 'name', message: 'name is required' },
      { field: 'config.unknownThing', message: 'not allowed' },
      { field: 'provider', message: 'unknown provider' },
    ];
    expect(fieldErrors(details, meta)).toEqual({
      fields: { phoneNumberId: 'phoneNumberId is the numeric id of the sender', name: 'name is required' },
      general: ['config.unknownThing: not allowed', 'provider: unknown provider'],
    });
    expect(fieldErrors(undefined, meta)).toEqual({ fields: {}, general: [] });
  });

  it('lists the public settings of a connection, never its URLs', () => {
    expect(publicFacts('whatsapp.aisensy', { plan: 'pro', projectId: 'p1', baseUrl: 'https://x', sendRatePerSecond: 80 })).toEqual([
      { label: 'Plan', value: 'Pro' },
      { label: 'Project ID', value: 'p1' },
      { label: 'Send rate', value: '80 messages/s' },
    ]);
  });

  it('leaves the pair rate and daily limit to the card’s limits', () => {
    expect(publicFacts('whatsapp.meta', { phoneNumberId: '1065', pairIntervalSeconds: 6, pairBurst: 45, dailyCustomerLimit: 250 }).map((fact) => fact.label)).toEqual(['Phone number ID']);
  });
});

describe('connection test', () => {
  it('knows AiSensy Basic cannot list templates', () => {
    expect(canListTemplates({ provider: 'whatsapp.aisensy', config: { plan: 'basic' } })).toBe(false);
    expect(canListTemplates({ provider: 'whatsapp.aisensy', config: { plan: 'pro' } })).toBe(true);
    expect(canListTemplates({ provider: 'whatsapp.meta', config: {} })).toBe(true);
  });

  it('reports a success with the counts', () => {
    expect(testSucceeded({ provider: 'whatsapp.sandbox' }, 5, []).message).toBe('Connected. Sandbox listed 5 templates, 0 approved for sending.');
  });

  it('explains a provider error in words', () => {
    const error = new ApiError(422, 'UNPROCESSABLE', 'The provider did not list the templates: Invalid OAuth access token', {
      code: 'PROVIDER_AUTH',
      message: 'Invalid OAuth access token',
      retryable: false,
    });
    const outcome = testFailed({ provider: 'whatsapp.meta' }, error);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe('Meta Cloud API answered: Invalid OAuth access token (PROVIDER_AUTH)');
    expect(outcome.advice).toMatch(/credentials/);
  });

  it('does not call a network failure an answer', () => {
    const error = new ApiError(422, 'UNPROCESSABLE', 'The provider did not list the templates: Meta could not be reached', { code: 'NETWORK', message: 'Meta could not be reached', retryable: true });
    expect(testFailed({ provider: 'whatsapp.meta' }, error).message).toBe('No answer from Meta Cloud API: Meta could not be reached (NETWORK)');
  });

  it('advises on an AI model or a mail server in their own terms', () => {
    const rejected = new ApiError(422, 'UNPROCESSABLE', 'The test failed', { code: 'CONFIG_INVALID', message: 'The AI model refused the request (HTTP 404): model not found', retryable: false });
    expect(testFailed({ provider: 'ai.openai_compatible' }, rejected).advice).toContain('model name');
    const refused = new ApiError(422, 'UNPROCESSABLE', 'The test failed', { code: 'PROVIDER_AUTH', message: 'Invalid login', retryable: false });
    expect(testFailed({ provider: 'smtp' }, refused).advice).toContain('user name and password');
  });
});

describe('SMTP and AI connection forms', () => {
  it('build the config the engine expects, secrets write-only', () => {
    const smtp = providerForm('smtp')!;
    expect(buildConfig(smtp, { ...initialValues(smtp), host: ' smtp.example.com ', port: '587', from: 'Support <support@example.com>' })).toEqual({
      host: 'smtp.example.com',
      port: 587,
      secure: 'false',
      from: 'Support <support@example.com>',
    });
    expect(secretFields('smtp')).toEqual(['password', 'url']);
    expect(secretFields('ai.openai_compatible')).toEqual(['apiKey']);
    expect(providerLabel('ai.openai_compatible')).toBe('AI model');
  });
});
