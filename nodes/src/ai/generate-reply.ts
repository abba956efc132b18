import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated, variableName } from '../sdk/fields';
import { aiConnection, provenance } from './ai-fields';

const config = z.object({
  connectionId: aiConnection(),
  assistant: templated.string('Instructions for the assistant: who it is, its tone, what it may and may not promise. E.g. You are the front desk of Bright Smile Dental…', {
    required: true,
    multiline: true,
  }),
  customerIdentifier: templated
    .string("Whose conversation this is; the AI remembers earlier messages per identifier. The sender's number of an inbound message when empty, e.g. {{trigger.customer.phone}}")
    .optional(),
  message: templated.string("The customer's message to answer; the inbound message's text when empty, e.g. {{trigger.text}}", { multiline: true }).optional(),
  variables: z
    .record(variableName('A name the assistant sees, e.g. opening_hours'), templated.string('The value, e.g. {{steps.lookup.body.hours}}'))
    .default({})
    .describe('Facts the reply may use, such as the order status or the opening hours'),
});

export const generateReply = defineAction({
  type: 'ai.generate_reply',
  typeVersion: 1,
  title: 'Generate AI reply',
  description:
    'Writes a reply to the customer with AI, remembering the earlier messages of the same customer. Send it with "Send WhatsApp message" as {{steps.<this node>.reply}}.',
  category: 'AI',
  icon: 'sparkles',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { reply: 'Hi Alex! Yes, we are open until 6 pm today.', conversationId: '5b0e6c1e-6a55-4c3e-9d4f-2c6f1d9a7b10', offline: false, model: 'gpt-4o-mini' },
  async execute(ctx) {
    const { connectionId, assistant, variables } = ctx.config;
    const trigger = (ctx.context.trigger ?? {}) as Record<string, unknown>;
    const customerIdentifier = ctx.config.customerIdentifier ?? (typeof trigger.from === 'string' ? trigger.from : '');
    const message = ctx.config.message ?? (typeof trigger.text === 'string' ? trigger.text : '');
    if (customerIdentifier.trim() === '') throw new StepError('CONFIG_INVALID', 'The customer identifier is empty; check that its variables have values for this run');
    if (message.trim() === '') throw new StepError('CONFIG_INVALID', "The customer's message is empty; check that its variables have values for this run");
    const answer = await ctx.ports.ai.reply({ connectionId, assistant, customerIdentifier: customerIdentifier.trim(), message, variables });
    return { output: { reply: answer.reply, conversationId: answer.conversationId, ...provenance(answer) } };
  },
});
