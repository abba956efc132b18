import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An in-app alert for the team: raised by `alert.team`, or by a run's final failure. */
@Entity({ name: 'alerts' })
@Index('uq_alerts_idempotency_key', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('ix_alerts_workspace_created', ['workspaceId', 'createdAt'])
@Index('ix_alerts_created', ['createdAt'])
@Index('ix_alerts_run', ['runId'], { where: 'run_id IS NOT NULL' })
export class AlertEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_alerts' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text' })
  message: string;

  /** `"all"` or a list of team members. */
  @Column({ type: 'jsonb' })
  recipients: 'all' | string[];

  @Column({ type: 'text' })
  kind: 'flow' | 'run_failed';

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'flow_id', type: 'uuid', nullable: true })
  flowId: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
