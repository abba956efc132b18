import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { AuditActor, AuditTarget } from '@switchboard/shared';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** One entry of a workspace's audit log (newest first: the index runs `at DESC, id DESC`). */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_workspace_at', ['workspaceId', 'at', 'id'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_audit_log' })
  id: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_audit_log_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'jsonb' })
  actor: AuditActor;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'jsonb' })
  target: AuditTarget;

  @Column({ type: 'text' })
  summary: string;
}
