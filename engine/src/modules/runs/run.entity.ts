import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StepErrorInfo } from '@switchboard/shared';
import type { RunStatus, RunTrace } from '../../execution/types';

/** A run of a flow version for an event. Written by the executor; read by the API. Partitioned by week on `id` (a UUIDv7). */
@Entity({ name: 'runs' })
@Index('ix_runs_event', ['eventId'])
@Index('ix_runs_replay_of', ['replayOf'], { where: 'replay_of IS NOT NULL' })
@Index('ix_runs_workspace_created', ['workspaceId', 'createdAt'])
@Index('ix_runs_flow_created', ['flowId', 'createdAt'])
@Index('ix_runs_unfinished', ['createdAt'], { where: 'finished_at IS NULL' })
export class RunEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_runs' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'flow_id', type: 'uuid' })
  flowId: string;

  @Column({ name: 'flow_version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  status: RunStatus;

  /** The run this one replays from a step (`POST /api/runs/:id/replay`); null for a run an event started. */
  @Column({ name: 'replay_of', type: 'uuid', nullable: true })
  replayOf: string | null;

  @Column({ name: 'is_test', type: 'boolean', default: false })
  isTest: boolean;

  /** Reachable nodes not yet resolved; the run succeeds when it reaches zero. */
  @Column({ type: 'integer' })
  remaining: number;

  @Column({ type: 'jsonb', nullable: true })
  error: StepErrorInfo | null;

  /** The `{{dyn_*}}` values extracted from the transcript for this run, once; null until then. */
  @Column({ name: 'dynamic_variables', type: 'jsonb', nullable: true })
  dynamicVariables: Record<string, unknown> | null;

  /** The run's trace context when it was traced (`RunTrace`: its span's `traceparent`, `tracestate`, the event span's id). */
  @Column({ name: 'trace_context', type: 'jsonb', nullable: true })
  traceContext: RunTrace | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
