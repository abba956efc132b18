import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskPriority } from '@switchboard/nodes';

/** A follow-up task, created by `task.create` and worked through `PATCH /api/tasks/:id`. */
@Entity({ name: 'tasks' })
@Index('uq_tasks_idempotency_key', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('ix_tasks_workspace_status', ['workspaceId', 'status', 'createdAt'])
@Index('ix_tasks_done', ['completedAt'], { where: "status = 'done'" })
@Index('ix_tasks_run', ['runId'], { where: 'run_id IS NOT NULL' })
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_tasks' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text' })
  priority: TaskPriority;

  @Column({ type: 'text', default: 'open' })
  status: 'open' | 'done';

  @Column({ type: 'text', nullable: true })
  assignee: string | null;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'flow_id', type: 'uuid', nullable: true })
  flowId: string | null;

  /** The conversation the task is about: a WhatsApp conversation id or a call id. */
  @Column({ name: 'conversation_id', type: 'text', nullable: true })
  conversationId: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
