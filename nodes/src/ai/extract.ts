import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { variableName } from '../sdk/fields';
import { aiConnection, aiText, transcriptOf, fieldTypes, PROVENANCE_FIELDS, provenance } from './ai-fields';

const field = z.object({
  name: variableName('The name later steps use, e.g. appointment_date').refine(
    (name) => !(PROVENANCE_FIELDS as readonly string[]).includes(name),
    `offline, model and usage are taken: the output says how the answer was produced`,
  ),
  description: z.string().optional().describe('What to look for, e.g. "the date the customer booked, not the date of the call"'),
  type: z.enum(fieldTypes).default('string').describe('date gives YYYY-MM-DD, time HH:MM (24 h), datetime ISO 8601'),
});

const config = z.object({
  connectionId: aiConnection(),
  text: aiText('The text to read; the transcript of the call or conversation by default'),
  fields: z
    .array(field)
    .min(1, 'Add a field to extract')
    .superRefine((fields, ctx) => {
      const seen = new Set<string>();
      fields.forEach((item, index) => {
        if (seen.has(item.name)) ctx.addIssue({ code: 'custom', message: `${item.name} is listed twice`, path: [index, 'name'] });
        seen.add(item.name);
      });
    })
    .describe('The values to extract; each is null when the text does not say'),
});

/** The reference date relative dates count from: when the call or conversation happened. */
export function referenceDate(context: Record<string, unknown>, fallback: Date): string {
  const trigger = (context.trigger ?? {}) as Record<string, unknown>;
  const call = (trigger.call ?? {}) as Record<string, unknown>;
  for (const value of [call.startedAt, call.endedAt, trigger.timestamp]) {
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  }
  return fallback.toISOString();
}

export const extract = defineAction({
  type: 'ai.extract',
  typeVersion: 1,
  title: 'Extract with AI',
  description: 'Reads the transcript (or any text) and pulls out typed values, such as the appointment date, the order number or whether a callback was requested.',
  category: 'AI',
  icon: 'file-search',
  config,
  outputs: ['default'],
  sideEffect: false,
  // AI calls fail for the reasons side effects do (rate limits, outages): retry them the same way.
  retry: { attempts: 3, backoffMs: 60_000 },
  dynamicOutputFields: { from: 'fields', key: 'name' },
  sampleOutput: { offline: false, model: 'gpt-4o-mini' },
  async execute(ctx) {
    const { connectionId, fields } = ctx.config;
    const text = ctx.config.text ?? transcriptOf(ctx.context);
    if (text.trim() === '') throw new StepError('CONFIG_INVALID', 'There is no text to read: the run has no transcript and no other text was given');
    const answer = await ctx.ports.ai.extract({ connectionId, text, fields, referenceDate: referenceDate(ctx.context, ctx.now()) });
    const values = Object.fromEntries(fields.map((item) => [item.name, answer.values[item.name] ?? null]));
    return { output: { ...values, ...provenance(answer) } };
  },
});
