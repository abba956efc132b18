import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who executes a side-effect step now, and until when (see `ExecutionStore.acquireLease`). */
@Entity({ name: 'step_leases' })
export class StepLeaseEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'pk_step_leases' })
  runId: string;

  @PrimaryColumn({ name: 'node_id', type: 'text', primaryKeyConstraintName: 'pk_step_leases' })
  nodeId: string;

  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'pk_step_leases' })
  scope: string;

  @Column({ type: 'text' })
  owner: string;

  @Column({ type: 'timestamptz' })
  until: Date;
}
