import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { CampaignStatus } from '@switchboard/shared';

/** A broadcast of one approved template to an audience (`POST /api/campaigns`). */
@Entity({ name: 'campaigns' })
@Index('ix_campaigns_workspace_created', ['workspaceId', 'createdAt'])
@Index('ix_campaigns_active', ['status'], { where: "status IN ('scheduled', 'running')" })
@Check('ck_campaigns_status', "status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')")
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_campaigns' })
  id: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_campaigns_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  language: string;

  /** The template's parameters as templates over `contact` (`{{contact.name}}`), rendered per recipient. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  parameters: string[] | Record<string, string>;

  /** The published `whatsapp.campaign` flow each recipient's run runs. */
  @Column({ name: 'flow_id', type: 'uuid' })
  flowId: string;

  @Column({ type: 'text' })
  status: CampaignStatus;

  @Column({ name: 'send_at', type: 'timestamptz', nullable: true })
  sendAt: Date | null;

  /** The zone a local `sendAt` was read in: an IANA zone, or `contact` (each contact's `timezone` attribute). */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;

  @Column({ type: 'integer', default: 0 })
  total: number;

  /** When the dispatcher last started runs for it: the pace is counted from here. */
  @Column({ name: 'last_dispatch_at', type: 'timestamptz', nullable: true })
  lastDispatchAt: Date | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/**
 * One customer of a campaign. Its stored status is the dispatcher's (`pending` until its run
 * starts, `started` after); what became of the send (sent, delivered, read, failed) is read from
 * the run's message, which the provider's status webhooks keep up to date.
 */
@Entity({ name: 'campaign_recipients' })
@Index('ix_campaign_recipients_due', ['campaignId', 'dueAt'], { where: "status = 'pending'" })
@Index('ix_campaign_recipients_run', ['runId'], { where: 'run_id IS NOT NULL' })
@Check('ck_campaign_recipients_status', "status IN ('pending', 'skipped_opted_out', 'started', 'cancelled')")
export class CampaignRecipientEntity {
  @ForeignKey(() => CampaignEntity, { onDelete: 'CASCADE', name: 'fk_campaign_recipients_campaign' })
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid', primaryKeyConstraintName: 'pk_campaign_recipients' })
  campaignId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_campaign_recipients' })
  phone: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes: Record<string, unknown>;

  @Column({ type: 'text' })
  status: 'pending' | 'skipped_opted_out' | 'started' | 'cancelled';

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;
}
