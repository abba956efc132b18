import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';

const config = z.object({
  message: templated.string('What the team should know, e.g. {{customer_name}} asked for a manager: {{conversation_summary}}', { required: true, multiline: true }),
  recipients: z
    .union([z.literal('all'), z.array(z.string().min(1, 'Enter a team member')).min(1, 'Choose at least one team member, or all')])
    .default('all')
    .describe('"all" team members, or a list of names or emails'),
});

export const alertTeam = defineAction({
  type: 'alert.team',
  typeVersion: 1,
  title: 'Alert the team',
  description: 'Shows an in-app alert to all team members or chosen ones, live in the Inbox.',
  category: 'Notify',
  icon: 'bell',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { alertId: '6e5f4a3b-2c1d-4e0f-9a8b-7c6d5e4f3a2b' },
  async execute(ctx) {
    const { message, recipients } = ctx.config;
    if (message.trim() === '') throw new StepError('CONFIG_INVALID', 'The alert message is empty; check that its variables have values for this run');
    const alert = await ctx.ports.alerts.raise({ message: message.trim(), recipients });
    return { output: { alertId: alert.alertId } };
  },
});
