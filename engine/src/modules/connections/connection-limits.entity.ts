import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ConnectionEntity } from './connection.entity';

/** What Meta last said about a WhatsApp sender's limits (its health check, its quality webhook). */
@Entity({ name: 'connection_limits' })
export class ConnectionLimitsEntity {
  @ForeignKey(() => ConnectionEntity, { onDelete: 'CASCADE', name: 'fk_connection_limits_connection' })
  @PrimaryColumn({ name: 'connection_id', type: 'uuid', primaryKeyConstraintName: 'pk_connection_limits' })
  connectionId: string;

  /** Meta's messaging-limit tier, e.g. `TIER_250`, `TIER_2K`, `TIER_UNLIMITED`. */
  @Column({ type: 'text', nullable: true })
  tier: string | null;

  /** Unique customers a business-initiated conversation may be started with in a moving 24 hours; null for none known or unlimited. */
  @Column({ name: 'daily_limit', type: 'integer', nullable: true })
  dailyLimit: number | null;

  /** GREEN, YELLOW, RED, UNKNOWN. */
  @Column({ name: 'quality_rating', type: 'text', nullable: true })
  qualityRating: string | null;

  @Column({ name: 'throughput_per_second', type: 'integer', nullable: true })
  throughputPerSecond: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
