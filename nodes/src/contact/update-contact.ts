import { z } from 'zod';
import { ATTRIBUTE_KEY, StepError, TAG_PATTERN } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';
import { recipientE164 } from '../whatsapp/recipient';

const tag = templated.string('A tag, e.g. interested or {{steps.extract.segment}}');

const config = z.object({
  phone: templated
    .string("The contact's phone number, e.g. {{trigger.customer.phone}}; empty: the customer this run is about")
    .optional(),
  addTags: z.array(tag).max(50, 'Add at most 50 tags').default([]).describe('Tags to add, e.g. interested'),
  removeTags: z.array(tag).max(50, 'Remove at most 50 tags').default([]).describe('Tags to remove, e.g. follow_up'),
  attributes: z
    .record(z.string().regex(ATTRIBUTE_KEY, 'An attribute name is letters, digits and _, starting with a letter, e.g. city'), templated.string('The value, e.g. {{steps.extract.city}}'))
    .default({})
    .describe('Attributes to set, e.g. city = {{steps.extract.city}}; a value that comes out empty deletes the attribute'),
});

/** The customer a run is about: a campaign's contact, a message's sender, a call's customer. */
function customerOf(context: Record<string, unknown>): unknown {
  const trigger = (context.trigger ?? {}) as Record<string, any>;
  return trigger.contact?.phone ?? trigger.customer?.phone ?? trigger.from;
}

export const updateContact = defineAction({
  type: 'contact.update',
  typeVersion: 1,
  title: 'Update contact',
  description: "Adds or removes the customer's tags and sets their attributes, e.g. tag who replied \"yes\" to a campaign, or store their city. Campaigns select their audience by tags and attributes.",
  category: 'Data',
  icon: 'user-pen',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { phone: '+14155551234', tags: ['interested', 'vip'], attributes: { city: 'Berlin' } },
  async execute(ctx) {
    const given = ctx.config.phone?.trim() || customerOf(ctx.context);
    if (typeof given !== 'string' || given.trim() === '') throw new StepError('CONFIG_INVALID', 'No phone number: this run is about no customer; set the phone field');
    const phone = recipientE164(given, ctx.settings.defaultPhoneCountry);
    const clean = (tags: string[], field: string) =>
      tags
        .map((value) => value.trim())
        .filter((value) => value !== '')
        .map((value) => {
          if (!TAG_PATTERN.test(value)) throw new StepError('CONFIG_INVALID', `${field}: "${value.slice(0, 70)}" is not a tag (1-64 letters, digits, _ - : .)`);
          return value;
        });
    const attributes = Object.fromEntries(
      Object.entries(ctx.config.attributes).map(([key, value]) => {
        if (value.length > 1000) throw new StepError('CONFIG_INVALID', `attributes.${key}: a value is at most 1,000 characters`);
        return [key, value.trim() === '' ? null : value];
      }),
    );
    const contact = await ctx.ports.contacts.update({ phone, addTags: clean(ctx.config.addTags, 'addTags'), removeTags: clean(ctx.config.removeTags, 'removeTags'), attributes });
    return { output: contact };
  },
});
