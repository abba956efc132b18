import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';

/** Something a step waits for (a time, a reply, a retry); its BullMQ job is only the alarm clock. */
@Entity({ name: 'waitpoints' })
@Index('uq_waitpoints_open_step', ['runId', 'nodeId', 'scope'], { unique: true, where: "status = 'waiting'" })
// The sweep's keyset pages: (wake_at, id) in index order.
@Index('ix_waitpoints_due', ['wakeAt', 'id'], { where: "status = 'waiting'" })
// A week's runs lose their waitpoints before their partition is dropped.
@Index('ix_waitpoints_run', ['runId'])
@Index('ix_waitpoints_correlation', ['correlation'], { where: "status = 'waiting'" })
@Index('uq_waitpoints_open_conversation', ['conversationId'], { unique: true, where: "status = 'waiting' AND conversation_id IS NOT NULL" })
// An expression index (the reply message's id in the payload), made by the migration only.
@Index('ix_waitpoints_reply_message', { synchronize: false })
export class WaitpointEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_waitpoints' })
  id: string;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  /** Set instead of `runId` for a conversation's inactivity timer. */
  @ForeignKey(() => ConversationEntity, { onDelete: 'CASCADE', name: 'fk_waitpoints_conversation' })
  @Column({ name: 'conversation_id', type: 'uuid', nullable: true })
  conversationId: string | null;

  @Column({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ type: 'text', default: '' })
  scope: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'integer', default: 1 })
  attempt: number;

  @Column({ name: 'wake_at', type: 'timestamptz', nullable: true })
  wakeAt: Date | null;

  @Column({ type: 'text', nullable: true })
  correlation: string | null;

  @Column({ type: 'jsonb', nullable: true })
  payload: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
