import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { FlowGraph } from '@switchboard/shared';
import { FlowEntity } from './flow.entity';

/** An immutable snapshot of a flow: what runs execute. Test runs get unnumbered versions. */
@Entity({ name: 'flow_versions' })
@Index('uq_flow_versions_flow_version', ['flowId', 'version'], { unique: true, where: 'version IS NOT NULL' })
export class FlowVersionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_flow_versions' })
  id: string;

  @ForeignKey(() => FlowEntity, { onDelete: 'CASCADE', name: 'fk_flow_versions_flow' })
  @Column({ name: 'flow_id', type: 'uuid' })
  flowId: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  graph: FlowGraph;

  @Column({ name: 'trigger_type', type: 'text' })
  triggerType: string;

  @Column({ name: 'is_test', type: 'boolean', default: false })
  isTest: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
