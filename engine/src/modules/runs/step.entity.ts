import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepErrorInfo } from '@switchboard/shared';
import type { StepStatus } from '../../execution/types';

/** One node's execution in a run (per loop iteration, `scope`). */
@Entity({ name: 'steps' })
export class StepEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'pk_steps' })
  runId: string;

  @PrimaryColumn({ name: 'node_id', type: 'text', primaryKeyConstraintName: 'pk_steps' })
  nodeId: string;

  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'pk_steps' })
  scope: string;

  @Column({ name: 'node_type', type: 'text' })
  nodeType: string;

  @Column({ type: 'text' })
  status: StepStatus;

  @Column({ type: 'text', nullable: true })
  handle: string | null;

  /** The config as rendered for this execution. */
  @Column({ type: 'jsonb', nullable: true })
  input: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output: unknown;

  @Column({ type: 'jsonb', nullable: true })
  error: StepErrorInfo | null;

  @Column({ type: 'jsonb', nullable: true })
  warnings: string[] | null;

  @Column({ type: 'integer', default: 1 })
  attempt: number;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
