import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An email a step sent through SMTP, or captured when no SMTP server is configured. */
@Entity({ name: 'emails' })
@Index('uq_emails_idempotency_key', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('ix_emails_workspace_created', ['workspaceId', 'createdAt'])
@Index('ix_emails_created', ['createdAt'])
@Index('ix_emails_run', ['runId'], { where: 'run_id IS NOT NULL' })
export class EmailEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_emails' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'connection_id', type: 'uuid', nullable: true })
  connectionId: string | null;

  @Column({ type: 'text' })
  from: string;

  @Column({ type: 'jsonb' })
  to: string[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  html: string;

  /** `pending` while the SMTP call is under way; then `sent`, `captured` or `failed`. */
  @Column({ type: 'text' })
  delivery: 'pending' | 'sent' | 'captured' | 'failed' | 'unknown';

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The SMTP Message-ID. */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId: string | null;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'flow_id', type: 'uuid', nullable: true })
  flowId: string | null;

  @Column({ name: 'node_id', type: 'text', nullable: true })
  nodeId: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** Who in the workspace may read it: `members`; `admins` (invitations) and `owners` (password resets) for mails whose link signs someone in. */
  @Column({ type: 'text', default: () => "'members'" })
  audience: 'members' | 'admins' | 'owners';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
