import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A delivery status already applied to a message (statuses arrive more than once). */
@Entity({ name: 'message_statuses' })
@Index('ix_message_statuses_occurred', ['occurredAt'])
export class MessageStatusEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'uuid', primaryKeyConstraintName: 'pk_message_statuses' })
  connectionId: string;

  @PrimaryColumn({ name: 'provider_message_id', type: 'text', primaryKeyConstraintName: 'pk_message_statuses' })
  providerMessageId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_message_statuses' })
  status: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb', nullable: true })
  errors: unknown;
}
