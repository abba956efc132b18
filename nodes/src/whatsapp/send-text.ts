import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { ServiceWindow } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { recipientE164 } from './recipient';

/** WhatsApp's limit for a text message body. */
export const MAX_TEXT_LENGTH = 4096;

const config = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.from}}'),
  message: templated.string(`The text to send, up to ${MAX_TEXT_LENGTH} characters, e.g. Thanks {{trigger.name}}, we got your message!`, {
    required: true,
    multiline: true,
  }),
});

/** Why a free-form send (text, interactive, media) may not go out now, and what to do instead. */
export function closedWindowMessage(window: ServiceWindow): string {
  if (window.replyFlow) {
    // A reply flow answers the customer's message; tested with a sample, that message opens the window.
    return "Free-form messages can only be sent within 24 hours of the customer's last message, and the customer has not written in the last 24 hours. A test run of a reply flow opens the window (its sample message counts as just received) — or send an approved template.";
  }
  const why = window.endsAt
    ? `the customer's last message is more than 24 hours old (the window closed at ${window.endsAt})`
    : 'the customer has never written to this sender';
  return `Free-form messages can only be sent within 24 hours of the customer's last message, and ${why}. Send an approved template instead.`;
}

export const sendText = defineAction({
  type: 'whatsapp.send_text',
  typeVersion: 1,
  title: 'Send WhatsApp message',
  description: 'Sends a free-form text message. Only works within 24 hours of the customer\'s last message; otherwise use "Send WhatsApp template".',
  category: 'WhatsApp',
  icon: 'message-circle',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const { connectionId, message } = ctx.config;
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    if (message.trim() === '') throw new StepError('CONFIG_INVALID', 'The message is empty; check that its variables have values for this run');
    // WhatsApp counts characters, not UTF-16 units: an emoji is one character.
    const length = [...message].length;
    if (length > MAX_TEXT_LENGTH) {
      throw new StepError('MESSAGE_TOO_LONG', `The message has ${length} characters; WhatsApp allows at most ${MAX_TEXT_LENGTH}`);
    }
    const window = await ctx.ports.whatsapp.serviceWindow(connectionId, to);
    if (!window.open) throw new StepError('OUTSIDE_24H_WINDOW', closedWindowMessage(window), { details: { windowEndsAt: window.endsAt } });
    const sent = await ctx.ports.whatsapp.sendText({ connectionId, to, text: message });
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
