import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { runMatches } from '../testing/harness';
import { whatsappCampaign } from './whatsapp-campaign';

describe('whatsapp.campaign', () => {
  it('matches every event it is given: the engine hands it only its own campaign\u2019s', async () => {
    expect(await runMatches(whatsappCampaign, whatsappCampaign.sampleEvent as Record<string, unknown>, {})).toBe(true);
  });

  it('is in the catalog with the contact, the campaign and the send in its sample', () => {
    expect(catalog.get('whatsapp.campaign')).toBe(whatsappCampaign);
    expect(whatsappCampaign.sampleEvent).toMatchObject({ campaign: { name: 'November offer' }, contact: { phone: '+14155551234', attributes: { city: 'Berlin' } }, template: 'november_offer' });
  });
});
