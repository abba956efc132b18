import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** The memory of `ai.generate_reply` for one customer identifier (a phone, an email, a CRM id). */
@Entity({ name: 'ai_conversations' })
@Index('uq_ai_conversations_customer', ['workspaceId', 'customerIdentifier'], { unique: true })
@Index('ix_ai_conversations_updated', ['updatedAt'])
export class AiConversationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ai_conversations' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'customer_identifier', type: 'text' })
  customerIdentifier: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** One turn of an AI conversation; a step's turns carry its idempotency key, so a retry adds none. */
@Entity({ name: 'ai_turns' })
@Index('ix_ai_turns_conversation', ['conversationId', 'createdAt'])
@Index('ix_ai_turns_created', ['createdAt'])
@Index('uq_ai_turns_idempotency_key', ['idempotencyKey', 'role'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class AiTurnEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ai_turns' })
  id: string;

  @ForeignKey(() => AiConversationEntity, { onDelete: 'CASCADE', name: 'fk_ai_turns_conversation' })
  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'text' })
  role: 'customer' | 'assistant';

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
