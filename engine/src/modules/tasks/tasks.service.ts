import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TaskRequest, TasksPort } from '@switchboard/nodes';
import type { Pool } from 'pg';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { PG_POOL } from '../../runtime/tokens';
import { TaskEntity } from './task.entity';
import { taskListQuerySchema, type TaskView, updateTaskSchema } from '@switchboard/shared';

/** The step a task is created by. */
export interface TaskOrigin {
  workspaceId: string;
  runId: string;
  flowId: string;
  idempotencyKey: string;
}

/** Follow-up tasks: created by `task.create` (once per step, whatever its retries), listed and worked through the API. */
@Injectable()
export class TasksService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly dataSource: DataSource,
  ) {}

  forStep(origin: TaskOrigin): TasksPort {
    return { create: (request) => this.create(origin, request) };
  }

  async create(origin: TaskOrigin, request: TaskRequest): Promise<{ taskId: string }> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH inserted AS (
         INSERT INTO tasks (id, workspace_id, title, description, priority, assignee, run_id, flow_id, conversation_id, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id)
       SELECT id FROM inserted UNION ALL SELECT id FROM tasks WHERE idempotency_key = $10`,
      [randomUUID(), origin.workspaceId, request.title, request.description, request.priority, request.assignee ?? null, origin.runId, origin.flowId, request.conversationId ?? null, origin.idempotencyKey],
    );
    return { taskId: rows[0]!.id };
  }

  async list(workspaceId: string, query: unknown) {
    const filter = parseInput(taskListQuerySchema, query);
    const rows = await this.repository.find({
      where: {
        workspaceId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.priority ? { priority: filter.priority } : {}),
        ...(filter.assignee ? { assignee: filter.assignee } : {}),
        ...(filter.runId ? { runId: filter.runId } : {}),
      },
      order: { createdAt: 'DESC' },
      take: filter.limit,
    });
    return { tasks: rows.map(toTaskView) };
  }

  async update(workspaceId: string, id: string, body: unknown) {
    const changes = parseInput(updateTaskSchema, body);
    const task = z.uuid().safeParse(id).success ? await this.repository.findOne({ where: { id, workspaceId } }) : null;
    if (!task) throw ApiError.notFound('task', id);
    const now = new Date();
    if (changes.status && changes.status !== task.status) task.completedAt = changes.status === 'done' ? now : null;
    Object.assign(task, changes, { updatedAt: now });
    await this.repository.save(task);
    return toTaskView(task);
  }

  private get repository() {
    return this.dataSource.getRepository(TaskEntity);
  }
}

export function toTaskView(task: TaskEntity): TaskView {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    priority: task.priority,
    status: task.status,
    assignee: task.assignee,
    runId: task.runId,
    flowId: task.flowId,
    conversationId: task.conversationId,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}
