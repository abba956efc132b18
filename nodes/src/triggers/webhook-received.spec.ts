import { SECRET_SET_MARKER } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { parsed, runMatches } from '../testing/harness';
import { webhookReceived } from './webhook-received';

const sample = webhookReceived.sampleEvent;
const fieldsOf = (config: Record<string, unknown>) => catalog.validateConfig(webhookReceived, config).map((problem) => problem.field);

describe('webhook.received', () => {
  it('is in the catalog as a trigger', () => {
    expect(catalog.isTrigger('webhook.received')).toBe(true);
  });

  it('matches only events on its own path', async () => {
    expect(await runMatches(webhookReceived, sample, { path: 'lead-form' })).toBe(true);
    expect(await runMatches(webhookReceived, { ...sample, path: 'other-form' }, { path: 'lead-form' })).toBe(false);
    expect(await runMatches(webhookReceived, { ...sample, path: 'forms/lead' }, { path: 'forms/lead' })).toBe(true);
    expect(await runMatches(webhookReceived, { ...sample, path: 'Lead-Form' }, { path: 'lead-form' })).toBe(false);
    expect(await runMatches(webhookReceived, { body: {} }, { path: 'lead-form' })).toBe(false);
  });

  it('takes a path of letters, digits, -, _ and /, without a leading slash', () => {
    expect(parsed(webhookReceived, { path: 'crm/leads_2026-new' })).toEqual({ path: 'crm/leads_2026-new' });
    expect(fieldsOf({ path: 'lead-form' })).toEqual([]);
    for (const path of ['', '/lead-form', 'lead form', 'lead?x=1', '{{trigger.path}}', 'x'.repeat(101)]) {
      expect(fieldsOf({ path }), path).toEqual(['path']);
    }
    expect(parsed(webhookReceived, {})).toEqual({ path: 'lead-form' });
  });

  it('keeps paths starting with wh_ for the workspace webhook token', () => {
    expect(fieldsOf({ path: 'wh_0123456789abcdef0123456789abcdef/lead' })).toEqual(['path']);
    expect(fieldsOf({ path: 'WH_form' })).toEqual(['path']);
    expect(fieldsOf({ path: 'forms/wh_lead' })).toEqual([]);
  });

  it('asks for the secret again when a document carries only the marker of a stored one', () => {
    const problems = catalog.validateConfig(webhookReceived, { path: 'lead-form', secret: SECRET_SET_MARKER });
    expect(problems).toEqual([expect.objectContaining({ field: 'secret', message: expect.stringContaining('enter the secret again') })]);
  });

  it('takes an optional secret of at least 16 characters', () => {
    expect(fieldsOf({ path: 'lead-form', secret: 'a-long-enough-secret' })).toEqual([]);
    expect(fieldsOf({ path: 'lead-form', secret: 'short' })).toEqual(['secret']);
    expect(parsed(webhookReceived, { path: 'lead-form', secret: 'a-long-enough-secret' }).secret).toBe('a-long-enough-secret');
  });

  it('offers a lead form submission as its sample', () => {
    expect(catalog.sampleFor(webhookReceived, parsed(webhookReceived, { path: 'lead-form' }))).toMatchObject({
      path: 'lead-form',
      body: { name: 'Alex Morgan', phone: '+14155551234' },
    });
  });
});
