import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event as received; `external_id` is the caller's id, unique per workspace and source (kept
 * by `event_keys`: the table is partitioned by week on `id`, a UUIDv7).
 */
@Entity({ name: 'events' })
@Index('ix_events_received', ['receivedAt'])
// Activity: a workspace's events newest first (descending in the migration).
@Index('ix_events_workspace_received', ['workspaceId', 'receivedAt', 'id'])
// Expression indexes (the customer's phone, the call's id in the data), made by the migration only.
@Index('ix_events_customer', { synchronize: false })
@Index('ix_events_call', { synchronize: false })
export class EventEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_events' })
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text' })
  type: string;

  /** Who gave the id: `api`, `webhook:<path>`, `whatsapp`, `conversation`, `schedule`, `function`. */
  @Column({ type: 'text', default: 'api' })
  source: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** What the event did to each published flow of its type when it came in (`EventOutcome[]`, Activity's "why not"). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  outcomes: unknown[];

  /** How often the same event id was delivered again; nothing new started for those. */
  @Column({ type: 'integer', default: 0 })
  duplicates: number;

  /** A voice platform's payload as received, credentials removed, by event kind (`call_ended`, `call_analyzed`); null otherwise. */
  @Column({ type: 'jsonb', nullable: true })
  raw: Record<string, unknown> | null;

  @Column({ name: 'last_duplicate_at', type: 'timestamptz', nullable: true })
  lastDuplicateAt: Date | null;
}

/**
 * What makes an event id unique per workspace and source across every week's partition of
 * `events`: one row per stored event, written with it, removed with it.
 */
@Entity({ name: 'event_keys' })
@Index('ix_event_keys_event', ['eventId'])
export class EventKeyEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'pk_event_keys' })
  workspaceId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_event_keys' })
  source: string;

  @PrimaryColumn({ name: 'external_id', type: 'text', primaryKeyConstraintName: 'pk_event_keys' })
  externalId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;
}
