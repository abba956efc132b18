import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A published `schedule.cron` flow's schedule, and the last tick that started a run. */
@Entity({ name: 'schedules' })
export class ScheduleEntity {
  @PrimaryColumn({ name: 'flow_id', type: 'uuid', primaryKeyConstraintName: 'pk_schedules' })
  flowId: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ type: 'text' })
  cron: string;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ name: 'armed_at', type: 'timestamptz', default: () => 'now()' })
  armedAt: Date;

  @Column({ name: 'last_fired_at', type: 'timestamptz', nullable: true })
  lastFiredAt: Date | null;
}
