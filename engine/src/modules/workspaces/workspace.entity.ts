import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'workspaces' })
@Index('uq_workspaces_webhook_token', ['webhookToken'], { unique: true })
export class WorkspaceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_workspaces' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: Record<string, unknown>;

  /**
   * The unguessable first segment of the workspace's inbound webhook URLs,
   * `/webhooks/in/<token>/<path>`: `wh_` and 32 hex digits, set by the database on insert.
   */
  @Column({ name: 'webhook_token', type: 'text', default: () => 'new_webhook_token()' })
  webhookToken: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
