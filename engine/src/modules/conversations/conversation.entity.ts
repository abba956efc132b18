import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A conversation between one sender (connection) and one customer, open until it goes quiet or is closed. */
@Entity({ name: 'conversations' })
@Index('ix_conversations_ended_pending', ['closedAt'], { where: "status = 'closed' AND ended_event_at IS NULL" })
@Index('uq_conversations_open', ['connectionId', 'customerPhone'], { unique: true, where: "status = 'open'" })
@Index('ix_conversations_workspace', ['workspaceId', 'lastMessageAt'])
@Index('ix_conversations_closed', ['lastMessageAt'], { where: "status = 'closed'" })
@Index('ix_conversations_workspace_customer', ['workspaceId', 'customerPhone'])
export class ConversationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_conversations' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ name: 'customer_phone', type: 'text' })
  customerPhone: string;

  @Column({ name: 'customer_name', type: 'text', nullable: true })
  customerName: string | null;

  @Column({ type: 'text' })
  status: 'open' | 'closed';

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'last_message_at', type: 'timestamptz', default: () => 'now()' })
  lastMessageAt: Date;

  /** The customer's last message: the 24-hour window runs from here. */
  @Column({ name: 'last_inbound_at', type: 'timestamptz', nullable: true })
  lastInboundAt: Date | null;

  /** How long the conversation may stay quiet before it ends (the shortest of the flows listening). */
  @Column({ name: 'inactivity_minutes', type: 'double precision', default: 30 })
  inactivityMinutes: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: 'inactivity' | 'closed' | null;

  /** When its `conversation.ended` event was taken in (null while closed without it: the sweep ends it again). */
  @Column({ name: 'ended_event_at', type: 'timestamptz', nullable: true })
  endedEventAt: Date | null;

  /** The message that opened the conversation (its `conversation.started` event). */
  @Column({ name: 'first_message_id', type: 'uuid', nullable: true })
  firstMessageId: string | null;
}
