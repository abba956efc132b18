import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

const config = z.object({
  title: templated.string('What needs doing, e.g. Call back {{customer_name}}', { required: true }),
  description: templated.string('Details for whoever picks it up, e.g. {{conversation_summary}}', { multiline: true }).default(''),
  priority: templated.enum(TASK_PRIORITIES, 'How urgent the task is').default('medium'),
  assignee: templated.string('Who should do it (a name or an email); unassigned when empty').optional(),
});

/** The conversation a run is about: the WhatsApp conversation, else the call. */
function conversationOf(context: Record<string, unknown>): string | undefined {
  const trigger = (context.trigger ?? {}) as Record<string, unknown>;
  const call = (trigger.call ?? {}) as Record<string, unknown>;
  const id = trigger.conversationId ?? call.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export const createTask = defineAction({
  type: 'task.create',
  typeVersion: 1,
  title: 'Create task',
  description: 'Creates a follow-up task for your team, with a priority, linked to this run and the call or conversation. Tasks are listed in the Inbox.',
  category: 'Notify',
  icon: 'list-checks',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { taskId: '0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f' },
  async execute(ctx) {
    const { title, description, priority, assignee } = ctx.config;
    if (title.trim() === '') throw new StepError('CONFIG_INVALID', 'The task title is empty; check that its variables have values for this run');
    const task = await ctx.ports.tasks.create({
      title: title.trim(),
      description,
      priority,
      assignee: assignee?.trim() || undefined,
      conversationId: conversationOf(ctx.context),
    });
    return { output: { taskId: task.taskId } };
  },
});
