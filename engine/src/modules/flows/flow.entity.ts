import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { FlowGraph, GraphProblem } from '@switchboard/shared';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** A flow's draft and which version of it is published. */
@Entity({ name: 'flows' })
@Index('ix_flows_workspace', ['workspaceId', 'updatedAt'])
@Index('ix_flows_published_trigger', ['workspaceId', 'publishedTriggerType'], {
  where: 'published_version_id IS NOT NULL AND deleted_at IS NULL',
})
export class FlowEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_flows' })
  id: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_flows_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The draft: saved even when invalid. */
  @Column({ type: 'jsonb' })
  graph: FlowGraph;

  /** The draft's validation problems as of its last save. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: GraphProblem[];

  /** 1 when created, one more on every saved change of the draft; a save naming an older one is refused. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Column({ name: 'published_version_id', type: 'uuid', nullable: true })
  publishedVersionId: string | null;

  /** The published version's trigger type, so events find their flows by index. */
  @Column({ name: 'published_trigger_type', type: 'text', nullable: true })
  publishedTriggerType: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
