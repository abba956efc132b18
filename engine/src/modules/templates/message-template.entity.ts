import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ConnectionEntity } from '../connections/connection.entity';

/** A sender's message template as last synced (or updated by a status webhook). */
@Entity({ name: 'message_templates' })
@Index('uq_message_templates_name', ['connectionId', 'name', 'language'], { unique: true })
@Index('ix_message_templates_external_id', ['externalId'], { where: 'external_id IS NOT NULL' })
export class MessageTemplateEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_message_templates' })
  id: string;

  @ForeignKey(() => ConnectionEntity, { onDelete: 'CASCADE', name: 'fk_message_templates_connection' })
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'parameter_format', type: 'text', default: 'positional' })
  parameterFormat: 'positional' | 'named';

  @Column({ type: 'jsonb', default: () => "'[]'" })
  parameters: string[];

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ name: 'synced_at', type: 'timestamptz', default: () => 'now()' })
  syncedAt: Date;

  /** Header, body, footer and buttons in Meta's format. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  components: Record<string, unknown>[];

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  /** GREEN, YELLOW, RED or UNKNOWN, from `message_template_quality_update`. */
  @Column({ type: 'text', nullable: true })
  quality: string | null;

  /** When it was submitted from Switchboard; null for templates only synced. */
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'status_updated_at', type: 'timestamptz', default: () => 'now()' })
  statusUpdatedAt: Date;

  /** The sandbox's review: still PENDING at this instant means APPROVED (see `TemplatesService.settleSandboxReviews`). */
  @Column({ name: 'auto_approve_at', type: 'timestamptz', nullable: true })
  autoApproveAt: Date | null;
}
