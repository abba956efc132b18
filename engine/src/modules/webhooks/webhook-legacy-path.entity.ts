import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/**
 * Who holds a token-less inbound URL, `POST /webhooks/in/<path>`: the first workspace that
 * published a flow on the path. Never released while the workspace exists, so no other
 * workspace can take over the callers of a URL that once was someone else's.
 */
@Entity({ name: 'webhook_legacy_paths' })
@Index('ix_webhook_legacy_paths_workspace', ['workspaceId'])
export class WebhookLegacyPathEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_webhook_legacy_paths' })
  path: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_webhook_legacy_paths_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'claimed_at', type: 'timestamptz', default: () => 'now()' })
  claimedAt: Date;
}
