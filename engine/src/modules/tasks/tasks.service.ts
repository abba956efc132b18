import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TaskRequest, TasksPort } from '@switchboard/nodes';
import type { Pool } from 'pg';
import { z } from 'zod';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { PG_POOL } from '../../runtime/tokens';
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
    const { rows } = await this.pool.query(
      `SELECT *, COALESCE((SELECT r.is_test FROM runs r WHERE r.id = tasks.run_id), false) AS run_is_test FROM tasks
        WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR priority = $3)
          AND ($4::text IS NULL OR assignee = $4) AND ($5::uuid IS NULL OR run_id = $5)
        ORDER BY created_at DESC LIMIT $6`,
      [workspaceId, filter.status ?? null, filter.priority ?? null, filter.assignee ?? null, filter.runId ?? null, filter.limit],
    );
    return { tasks: rows.map(toTaskView) };
  }

  /** Edits a task; marking it done stamps `completedAt`, reopening it clears it. */
  async update(workspaceId: string, id: string, body: unknown) {
    const changes = parseInput(updateTaskSchema, body);
    const { rows } = z.uuid().safeParse(id).success
      ? await this.pool.query(
          `UPDATE tasks SET
             status = COALESCE($3, status),
             priority = COALESCE($4, priority),
             assignee = CASE WHEN $5::boolean THEN $6 ELSE assignee END,
             title = COALESCE($7, title),
             description = COALESCE($8, description),
             completed_at = CASE WHEN $3::text IS NULL OR $3 = status THEN completed_at WHEN $3 = 'done' THEN now() ELSE NULL END,
             updated_at = now()
           WHERE id = $1 AND workspace_id = $2
           RETURNING *, COALESCE((SELECT r.is_test FROM runs r WHERE r.id = tasks.run_id), false) AS run_is_test`,
          [id, workspaceId, changes.status ?? null, changes.priority ?? null, 'assignee' in changes, changes.assignee ?? null, changes.title ?? null, changes.description ?? null],
        )
      : { rows: [] };
    if (!rows[0]) throw ApiError.notFound('task', id);
    return toTaskView(rows[0]);
  }
}

function toTaskView(row: Record<string, any>): TaskView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    assignee: row.assignee,
    runId: row.run_id,
    flowId: row.flow_id,
    conversationId: row.conversation_id,
    isTest: row.run_is_test === true,
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
    completedAt: (row.completed_at as Date | null)?.toISOString() ?? null,
  };
}
