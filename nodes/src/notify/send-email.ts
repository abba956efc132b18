import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { AiRouting } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, templated } from '../sdk/fields';
import { provenance, transcriptOf } from '../ai/ai-fields';
import { fixedRecipients, isEmailAddress, validAddresses } from './email-addresses';

const address = templated.string('An email address, several separated by commas, or a variable such as {{customer_email}}');

const rule = z.object({
  when: z.string().min(1, 'Describe when this rule applies').describe('When this rule applies, judged by the AI against the transcript. E.g. "The customer reports a billing or payment problem"'),
  to: templated.string('Who gets the email then, e.g. billing@company.com', { required: true }),
});

const config = z
  .object({
    connectionId: connection('smtp', 'The mail server the email goes out through; without one, the engine-wide server, and if none is configured the email is captured (Emails page)').optional(),
    aiConnectionId: connection('ai', 'The AI model that judges the routing rules; without one, the engine-wide model or the offline rules').optional(),
    to: z.array(address).default([]).describe('Fixed recipients: every address gets the email'),
    routing: z.array(rule).default([]).describe('Dynamic recipients: the AI picks the first rule that applies to the call'),
    fallback: templated.string('Who gets the email when no routing rule applies or a rule gives no valid address, e.g. support@company.com').optional(),
    routingText: templated.string('What the routing rules are judged against; the transcript by default', { multiline: true }).optional(),
    subject: templated.string('The subject, e.g. Callback requested by {{customer_name}}', { required: true }),
    html: templated.string('The body (HTML). Variables are HTML-escaped, e.g. <p>{{conversation_summary}}</p>', { required: true, multiline: true }),
  })
  .superRefine((value, ctx) => {
    if (value.to.length === 0 && value.routing.length === 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Add a recipient, or routing rules with a fallback address' });
    if (value.routing.length > 0 && !value.fallback?.trim()) ctx.addIssue({ code: 'custom', path: ['fallback'], message: 'Routing needs a fallback address for calls no rule matches' });
  });

export const sendEmail = defineAction({
  type: 'email.send',
  typeVersion: 1,
  title: 'Send email',
  description: 'Emails your team, to fixed addresses or routed by AI to the right people, with call details such as {{conversation_summary}} and {{customer_number}}.',
  category: 'Notify',
  icon: 'mail',
  config,
  outputs: ['default'],
  sideEffect: true,
  htmlFields: ['html'],
  sampleOutput: { messageId: '<3f0c9a52@switchboard>', to: ['support@company.com'], emailId: '8a1f0b4c-2d3e-4f50-8a6b-7c8d9e0f1a2b', delivery: 'sent' },
  async execute(ctx) {
    const { connectionId, subject, html } = ctx.config;
    let to: string[];
    let routing: Record<string, unknown> | undefined;
    if (ctx.config.routing.length > 0) {
      const rules = ctx.config.routing.map((item) => ({ when: item.when, to: validAddresses(item.to) }));
      const answer: AiRouting = await ctx.ports.ai.route({ connectionId: ctx.config.aiConnectionId, text: ctx.config.routingText ?? transcriptOf(ctx.context), rules });
      const chosen = answer.rule === null ? [] : (rules[answer.rule]?.to ?? []);
      const fallback = validAddresses(ctx.config.fallback ?? '');
      to = chosen.length > 0 ? chosen : fallback;
      routing = { rule: answer.rule, reason: answer.reason, usedFallback: chosen.length === 0, ...provenance(answer) };
      if (to.length === 0) {
        const given = (ctx.config.fallback ?? '').trim();
        throw new StepError(given && !isEmailAddress(given) ? 'INVALID_EMAIL' : 'RECIPIENT_MISSING', `No routing rule gave a valid address and the fallback "${given}" is not a valid email address`);
      }
      to = [...new Set([...to, ...(ctx.config.to.length > 0 ? fixedRecipients(ctx.config.to) : [])])];
    } else {
      to = fixedRecipients(ctx.config.to);
    }
    if (subject.trim() === '') throw new StepError('CONFIG_INVALID', 'The subject is empty; check that its variables have values for this run');
    const sent = await ctx.ports.email.send({ connectionId, to, subject, html });
    return { output: { messageId: sent.messageId, to: sent.to, emailId: sent.emailId, delivery: sent.delivery, ...(routing ? { routing } : {}) } };
  },
});
