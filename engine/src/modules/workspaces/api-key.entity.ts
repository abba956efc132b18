import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity';

@Entity({ name: 'api_keys' })
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_workspace', ['workspaceId'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_api_keys_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text' })
  name: string;

  /** SHA-256 of the key; the key itself is shown once and never stored. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  /** The first characters of the key, to tell keys apart in a list. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix: string;

  /** What the key may do: `admin`, `read`, `events:write` (see `scopeAllows`). */
  @Column({ type: 'text', array: true, default: () => "'{admin}'" })
  scopes: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
