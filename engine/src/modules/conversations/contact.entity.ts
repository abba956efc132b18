import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a workspace knows about a customer across senders: their name and whether they opted out. */
@Entity({ name: 'contacts' })
export class ContactEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'pk_contacts' })
  workspaceId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_contacts' })
  phone: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** Set while the customer does not want marketing messages (STOP, Meta's 131050). */
  @Column({ name: 'opted_out_at', type: 'timestamptz', nullable: true })
  optedOutAt: Date | null;

  @Column({ name: 'opt_out_source', type: 'text', nullable: true })
  optOutSource: string | null;

  /** Labels set by flows (`contact.update`) and the API; a campaign's segment selects by them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /** Facts about the customer (`city`, `timezone`, …), strings, numbers or booleans; templates read them as `{{contact.attributes.city}}`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
