import { z } from 'zod';
import { apiSchema, instant } from './registry';

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskStatus = 'open' | 'done';

/** A follow-up task a flow's `task.create` step made, worked through the Inbox. */
export const taskViewSchema = apiSchema(
  'TaskView',
  z.strictObject({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(['open', 'done']),
    assignee: z.string().nullable(),
    runId: z.string().nullable(),
    flowId: z.string().nullable(),
    /** The conversation the task is about: a WhatsApp conversation id or a call id. */
    conversationId: z.string().nullable(),
    /** Made by a test run (the editor marks it "test"); false without a run. */
    isTest: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
    completedAt: instant.nullable(),
  }),
);
export type TaskView = z.infer<typeof taskViewSchema>;

export const taskListSchema = apiSchema('TaskList', z.strictObject({ tasks: z.array(taskViewSchema) }));
export type TaskList = z.infer<typeof taskListSchema>;

/** `PATCH /api/tasks/:id`: mark a task done or open, reassign it, change its priority, title or description. */
export const updateTaskSchema = apiSchema(
  'UpdateTask',
  z
    .object({
      status: z.enum(['open', 'done'], { error: 'status is open or done' }).optional(),
      priority: z.enum(TASK_PRIORITIES, { error: `priority is one of ${TASK_PRIORITIES.join(', ')}` }).optional(),
      assignee: z.string().max(200).nullable().optional(),
      title: z.string().min(1, 'title must not be empty').max(500).optional(),
      description: z.string().max(20_000).optional(),
    })
    .strict(),
);
export type TaskPatch = z.input<typeof updateTaskSchema>;

/** `GET /api/tasks?status&priority&assignee&runId&limit`: newest first. */
export const taskListQuerySchema = z
  .object({
    status: z.enum(['open', 'done'], { error: 'status is open or done' }).optional(),
    priority: z.enum(TASK_PRIORITIES, { error: `priority is one of ${TASK_PRIORITIES.join(', ')}` }).optional(),
    assignee: z.string().optional(),
    runId: z.uuid('runId must be a run id').optional(),
    limit: z.coerce.number<number | string>().int().min(1).max(500).default(100),
  })
  .strict();
export type TaskListQuery = z.input<typeof taskListQuerySchema>;
