import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A provider's webhook call, stored raw before it is answered and processed from the queue. */
@Entity({ name: 'webhook_deliveries' })
@Index('ix_webhook_deliveries_pending', ['receivedAt'], { where: "status = 'received'" })
@Index('ix_webhook_deliveries_workspace_status', ['workspaceId', 'status', 'receivedAt'])
@Index('ix_webhook_deliveries_processed', ['receivedAt'], { where: "status <> 'received'" })
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ type: 'text' })
  provider: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  status: 'received' | 'processed' | 'failed';

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Failed processing tries; at `WEBHOOK_MAX_TRIES` the delivery is parked as `failed`. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
