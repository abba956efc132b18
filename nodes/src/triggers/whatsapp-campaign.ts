import { defineTrigger } from '../sdk/define';
import { customer, record, text } from './event-fields';
import { z } from './whatsapp-events';

/**
 * What a campaign recipient's event carries (CONTRACT "Event data"): the campaign, the contact
 * (with its tags and attributes), and the send (sender, template, language, the parameters
 * already rendered for this contact). `customer` repeats the contact's phone and name so the
 * steps written for the other WhatsApp triggers (`{{trigger.customer.phone}}`) work unchanged.
 */
const event = z.looseObject({
  campaign: z.looseObject({ id: text('campaign.id'), name: text('campaign.name') }, { error: 'campaign must be an object { "id", "name" }' }).nullish(),
  contact: z
    .looseObject(
      { phone: text('contact.phone'), name: text('contact.name'), tags: z.array(z.string(), { error: 'contact.tags must be a list of text' }).nullish(), attributes: record('contact.attributes') },
      { error: 'contact must be an object { "phone", "name", "tags", "attributes" }' },
    )
    .nullish(),
  customer,
  connectionId: text('connectionId'),
  template: text('template'),
  language: text('language'),
  parameters: z.union([z.array(z.string()), z.record(z.string(), z.string())], { error: 'parameters must be a list or an object of text' }).nullish(),
});

export const whatsappCampaign = defineTrigger({
  type: 'whatsapp.campaign',
  typeVersion: 1,
  title: 'WhatsApp campaign',
  description:
    "Starts once for each recipient of a broadcast campaign that uses this flow: send the campaign's template, then wait for the reply and follow up. Create the campaign under Campaigns.",
  category: 'Triggers',
  icon: 'megaphone',
  config: z.object({}),
  event,
  sampleEvent: {
    campaign: { id: '00000000-0000-4000-8000-0000000000c1', name: 'November offer' },
    contact: { phone: '+14155551234', name: 'Alex Morgan', tags: ['vip'], attributes: { city: 'Berlin', timezone: 'Europe/Berlin' } },
    customer: { phone: '+14155551234', name: 'Alex Morgan' },
    connectionId: '00000000-0000-4000-8000-000000000001',
    template: 'november_offer',
    language: 'en',
    parameters: ['Alex Morgan'],
  },
  // The engine starts a campaign's events on that campaign's flow only (the event names it), so
  // another published campaign flow never sends someone else's broadcast.
  matches: () => true,
});
