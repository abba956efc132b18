import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { recipientE164 } from './recipient';

const parameter = templated.string('A value for the template placeholder, e.g. {{trigger.customer.name}}');

const templateName = templated.string('The approved template, e.g. appointment_confirmation', { required: true });
/** The editor draws a picker of the sender's approved templates here, with a mapping row per parameter. */
const templateField = templateName.meta({
  ...templateName.meta(),
  'x-widget': 'whatsapp-template',
  'x-connection-field': 'connectionId',
  'x-language-field': 'language',
  'x-parameters-field': 'parameters',
});

const config = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  template: templateField,
  language: templated.string('The language of the template, e.g. en or en_US').default('en'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.customer.phone}}'),
  recipientName: templated.string('The customer name, for personalisation and the message log, e.g. {{trigger.customer.name}}').optional(),
  parameters: z
    .union([z.array(parameter), z.record(z.string(), parameter)])
    .default([])
    .describe('Values for the placeholders: a list for {{1}}, {{2}}, … or names for a template with named placeholders'),
});

export const sendTemplate = defineAction({
  type: 'whatsapp.send_template',
  typeVersion: 1,
  title: 'Send WhatsApp template',
  description: 'Sends an approved template message, such as an appointment confirmation, filled in with details from the flow. Works any time, even if the customer never wrote to you.',
  category: 'WhatsApp',
  icon: 'message-square',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const { connectionId, template, language, recipientName, parameters } = ctx.config;
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    if (template.trim() === '') throw new StepError('CONFIG_INVALID', 'The template name is empty; choose an approved template');
    const sent = await ctx.ports.whatsapp.sendTemplate({
      connectionId,
      to,
      template: template.trim(),
      language: language.trim() || 'en',
      parameters,
      ...(recipientName?.trim() ? { recipientName: recipientName.trim() } : {}),
    });
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
