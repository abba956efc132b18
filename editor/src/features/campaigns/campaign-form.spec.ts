import { describe, expect, it } from 'vitest';
import { campaignRequest, EMPTY_FORM, validateCampaignForm, type CampaignForm } from './campaign-form';

const valid: CampaignForm = {
  ...EMPTY_FORM,
  name: 'November offer',
  connectionId: 'c1',
  template: 'november_offer',
  templateParameters: ['1', '2'],
  parameters: { '1': '{{contact.name}}', '2': '{{contact.attributes.city}}' },
  csv: 'phone,name,city\n+4915112345678,Anna,Berlin\n',
};
const now = new Date('2026-12-01T10:00:00Z');

describe('the new campaign form', () => {
  it('accepts a complete form and sends what the engine takes', () => {
    expect(validateCampaignForm(valid, now)).toEqual({});
    expect(campaignRequest(valid)).toEqual({
      name: 'November offer',
      connectionId: 'c1',
      template: 'november_offer',
      language: 'en',
      parameters: ['{{contact.name}}', '{{contact.attributes.city}}'],
      audience: { csv: valid.csv },
    });
  });

  it('names each missing field and each empty template parameter', () => {
    expect(Object.keys(validateCampaignForm({ ...valid, name: ' ', connectionId: '', template: '', parameters: { '1': 'x' } }, now)).sort()).toEqual(['connectionId', 'name', 'parameters.2', 'template']);
  });

  it('checks the CSV: a phone column, recipients, and each row’s phone by its line', () => {
    expect(validateCampaignForm({ ...valid, csv: '' }, now).csv).toMatch(/Upload or paste/);
    expect(validateCampaignForm({ ...valid, csv: 'name,city\nAnna,Berlin' }, now).csv).toMatch(/include phone/);
    expect(validateCampaignForm({ ...valid, csv: 'phone,name\n' }, now).csv).toMatch(/no recipients/);
    expect(validateCampaignForm({ ...valid, csv: 'phone,name\n+4915112345678,A\nnope,B\n\n12,C\n' }, now).csv).toBe('Lines 3, 5: not a phone number');
  });

  it('needs a tag or an attribute for a segment, each well formed', () => {
    const segment = { ...valid, audience: 'segment' as const };
    expect(validateCampaignForm(segment, now).segment).toBe('Choose at least one tag or attribute');
    expect(validateCampaignForm({ ...segment, tags: 'vip, bad tag' }, now).tags).toMatch(/bad tag/);
    expect(validateCampaignForm({ ...segment, attributes: 'city Berlin' }, now).attributes).toMatch(/Line 1/);
    const ok = { ...segment, tags: 'vip, newsletter', attributes: 'city=Berlin' };
    expect(validateCampaignForm(ok, now)).toEqual({});
    expect(campaignRequest(ok).audience).toEqual({ segment: { tags: ['vip', 'newsletter'], attributes: { city: 'Berlin' } } });
  });

  it('needs a time that has not passed in its zone to send later; named parameters go by name', () => {
    const later = { ...valid, when: 'later' as const, timeZone: 'Europe/Berlin' };
    expect(validateCampaignForm(later, now).sendAt).toBe('Choose the date and time');
    expect(validateCampaignForm({ ...later, sendAt: '2026-12-01T10:30' }, now).sendAt).toMatch(/passed/);
    expect(validateCampaignForm({ ...later, sendAt: '2026-12-01T12:30' }, now)).toEqual({});
    expect(validateCampaignForm({ ...later, sendAt: '2026-12-01T10:30', timeZone: 'contact' }, now)).toEqual({});
    expect(campaignRequest({ ...later, sendAt: '2026-12-01T12:30', parameterFormat: 'named', templateParameters: ['first_name'], parameters: { first_name: '{{contact.name}}' } })).toMatchObject({
      parameters: { first_name: '{{contact.name}}' },
      sendAt: '2026-12-01T12:30',
      timeZone: 'Europe/Berlin',
    });
  });
});
