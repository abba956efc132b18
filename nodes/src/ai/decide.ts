import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';
import { aiConnection, aiText, transcriptOf, provenance } from './ai-fields';

const config = z.object({
  connectionId: aiConnection(),
  question: templated.string('A yes/no question about the text. Be specific: "Did the customer express dissatisfaction, frustration, or threaten to cancel?"', {
    required: true,
    multiline: true,
  }),
  text: aiText('The text the question is about; the transcript of the call or conversation by default'),
});

export const decide = defineAction({
  type: 'ai.decide',
  typeVersion: 1,
  title: 'Decide with AI',
  description: 'Asks the AI a yes/no question about the transcript and continues on "yes" or "no", with the reason.',
  category: 'AI',
  icon: 'brain',
  config,
  outputs: ['yes', 'no'],
  sideEffect: false,
  retry: { attempts: 3, backoffMs: 60_000 },
  sampleOutput: { result: true, reason: 'The customer asked to be called back tomorrow morning.', offline: false, model: 'gpt-4o-mini' },
  async execute(ctx) {
    const { connectionId, question } = ctx.config;
    const text = ctx.config.text ?? transcriptOf(ctx.context);
    if (text.trim() === '') throw new StepError('CONFIG_INVALID', 'There is no text to judge: the run has no transcript and no other text was given');
    const answer = await ctx.ports.ai.decide({ connectionId, question, text });
    return { output: { result: answer.result, reason: answer.reason, ...provenance(answer) }, handle: answer.result ? 'yes' : 'no' };
  },
});
