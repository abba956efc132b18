import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ConnectionEntity } from '../connections/connection.entity';

/** A sender's message template as last synced (or updated by a status webhook). */
@Entity({ name: 'message_templates' })
@Index('uq_message_templates_name', ['connectionId', 'name', 'language'], { unique: true })
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
}
