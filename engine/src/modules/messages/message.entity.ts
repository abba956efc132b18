import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StepErrorInfo } from '@switchboard/shared';

/** A WhatsApp message, outbound (sent by a step) or inbound (written by a customer). */
@Entity({ name: 'messages' })
@Index('uq_messages_idempotency_key', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('uq_messages_provider_id', ['connectionId', 'providerMessageId'], { unique: true, where: 'provider_message_id IS NOT NULL' })
@Index('ix_messages_run', ['runId'], { where: 'run_id IS NOT NULL' })
@Index('ix_messages_customer', ['connectionId', 'customerPhone', 'direction', 'createdAt'])
@Index('ix_messages_workspace_created', ['workspaceId', 'createdAt'])
@Index('ix_messages_conversation', ['conversationId', 'createdAt'], { where: 'conversation_id IS NOT NULL' })
@Index('ix_messages_created', ['createdAt'])
@Index('ix_messages_workspace_customer', ['workspaceId', 'customerPhone'])
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_messages' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ type: 'text' })
  direction: 'inbound' | 'outbound';

  /** The customer's number in E.164. */
  @Column({ name: 'customer_phone', type: 'text' })
  customerPhone: string;

  @Column({ type: 'text' })
  kind: 'template' | 'text';

  @Column({ type: 'text', nullable: true })
  template: string | null;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'jsonb', nullable: true })
  parameters: unknown;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'jsonb', nullable: true })
  error: StepErrorInfo | null;

  @Column({ name: 'conversation_id', type: 'uuid', nullable: true })
  conversationId: string | null;

  @Column({ name: 'customer_name', type: 'text', nullable: true })
  customerName: string | null;

  /** When the provider said `status` (delivery statuses only move forward). */
  @Column({ name: 'status_at', type: 'timestamptz', nullable: true })
  statusAt: Date | null;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'node_id', type: 'text', nullable: true })
  nodeId: string | null;

  /** Run + node of the step that sent it: stored before the provider is called. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** An inbound media message's Meta media id: sendable again from the same sender. */
  @Column({ name: 'media_id', type: 'text', nullable: true })
  mediaId: string | null;

  @Column({ name: 'media_mime_type', type: 'text', nullable: true })
  mediaMimeType: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
