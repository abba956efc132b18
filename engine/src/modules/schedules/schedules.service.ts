import { Inject, Injectable } from '@nestjs/common';
import { previousFiring, type NodeCatalog } from '@switchboard/nodes';
import type { FlowGraph } from '@switchboard/shared';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { EventIngestor } from '../../execution/event-ingestor';
import { BullJobQueue } from '../../queue/step-queue';
import { CATALOG, LOGGER, PG_POOL } from '../../runtime/tokens';

export const CRON_TRIGGER = 'schedule.cron';

interface ScheduleRow {
  flow_id: string;
  workspace_id: string;
  workspace_name: string;
  cron: string;
  timezone: string;
  armed_at: Date;
  last_fired_at: Date | null;
}

/**
 * Schedules of published `schedule.cron` flows. The schedule lives in Postgres; a BullMQ job
 * scheduler per flow is its clock (`cron.<flowId>`, so re-arming replaces it: one clock per
 * flow however often it is published). Each tick is one event whose id is the flow and the
 * tick, so several workers, a redelivered job or the start-up catch-up start one run per tick.
 * At start-up, and whenever Redis turns out to have lost its data, every schedule is re-armed;
 * a tick missed while everything was down, or whose job Redis lost, runs once from the sweep —
 * the latest one, not one per missed tick.
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
    private readonly queue: BullJobQueue,
    private readonly ingestor: EventIngestor,
  ) {}

  /** After a publish: arms the flow's schedule if its trigger is a schedule, else makes sure none is armed. */
  async published(workspaceId: string, flowId: string, versionId: string, graph: FlowGraph): Promise<void> {
    const trigger = graph.nodes.find((node) => node.type === CRON_TRIGGER);
    if (!trigger) return this.unpublished(flowId);
    const definition = this.catalog.getVersion(CRON_TRIGGER, trigger.typeVersion ?? 1)!;
    const parsed = this.catalog.parseConfig(definition, trigger.config ?? {});
    if (!parsed.ok) return;
    const { cron, timezone } = parsed.config as { cron: string; timezone: string };
    await this.pool.query(
      `INSERT INTO schedules (flow_id, workspace_id, version_id, cron, timezone, armed_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (flow_id) DO UPDATE SET version_id = $3, cron = $4, timezone = $5,
         armed_at = CASE WHEN schedules.cron = $4 AND schedules.timezone = $5 THEN schedules.armed_at ELSE now() END`,
      [flowId, workspaceId, versionId, cron, timezone],
    );
    await this.arm(flowId, cron, timezone);
  }

  /** After an unpublish or a delete: the schedule stops. */
  async unpublished(flowId: string): Promise<void> {
    const { rowCount } = await this.pool.query(`DELETE FROM schedules WHERE flow_id = $1`, [flowId]);
    if (rowCount) await this.clockQueue(flowId).removeJobScheduler(schedulerId(flowId));
  }

  /** One tick of a flow's schedule (a scheduler's job, or the start-up catch-up). */
  async fire(flowId: string, tick: Date): Promise<void> {
    const row = await this.schedule(flowId);
    if (!row) {
      // Unpublished while the tick was queued.
      await this.clockQueue(flowId).removeJobScheduler(schedulerId(flowId));
      return;
    }
    const scheduledAt = new Date(Math.floor(tick.getTime() / 1000) * 1000).toISOString();
    const result = await this.ingestor.ingest(
      { id: row.workspace_id, name: row.workspace_name },
      { type: CRON_TRIGGER, source: 'schedule', id: `schedule:${flowId}:${scheduledAt}`, occurredAt: scheduledAt, data: { flowId, scheduledAt, cron: row.cron, timezone: row.timezone } },
    );
    await this.pool.query(`UPDATE schedules SET last_fired_at = GREATEST(COALESCE(last_fired_at, $2), $2) WHERE flow_id = $1`, [flowId, scheduledAt]);
    if (!result.duplicate) this.logger.info({ flowId, scheduledAt, runs: result.runs.length }, 'schedule fired');
  }

  /** At start-up: re-arms every schedule and runs the latest tick missed while nothing ran, once. */
  async reconcile(now: Date = new Date()): Promise<void> {
    await this.rearm();
    await this.fireMissed(now);
  }

  /**
   * Arms every schedule's clock again (at start-up, and when Redis lost its data with the
   * schedulers in it), and stops every clock in a shard that is not its flow's (and an earlier
   * version's sweep scheduler): left there it would fire the flow's ticks twice — one run each
   * still, by the tick's event id, but wasted work. A clock whose schedule is gone stops at its
   * next tick (`fire`).
   */
  async rearm(): Promise<void> {
    const { rows } = await this.pool.query<ScheduleRow>(`SELECT s.* FROM schedules s`);
    for (const row of rows) {
      try {
        await this.arm(row.flow_id, row.cron, row.timezone);
      } catch (error) {
        this.logger.error({ flowId: row.flow_id, err: error }, 'could not re-arm a schedule');
      }
    }
    for (const shard of this.queue.shards) {
      for (const scheduler of await shard.queue.getJobSchedulers()) {
        const flowId = scheduler.key.startsWith('cron.') ? scheduler.key.slice('cron.'.length) : null;
        if (flowId && this.clockQueue(flowId) === shard.queue) continue;
        await shard.queue.removeJobScheduler(scheduler.key);
        this.logger.info({ scheduler: scheduler.key, prefix: shard.prefix }, 'removed a schedule clock that does not belong in this shard');
      }
    }
  }

  /**
   * Part of the sweep: fires the latest tick at or before `now - slackMs` that a schedule has
   * not fired since it was armed — its clock's job was lost (Redis emptied) or the engine was
   * down. A tick is one event id, so a clock that fires it late as well starts nothing twice.
   */
  async fireMissed(now: Date = new Date(), slackMs = 0): Promise<number> {
    const { rows } = await this.pool.query<ScheduleRow>(`SELECT s.*, w.name AS workspace_name FROM schedules s JOIN workspaces w ON w.id = s.workspace_id`);
    let fired = 0;
    for (const row of rows) {
      try {
        const missed = previousFiring(row.cron, row.timezone, new Date(now.getTime() - slackMs));
        const since = Math.max(row.armed_at.getTime(), row.last_fired_at?.getTime() ?? 0);
        if (missed && missed.getTime() > since) {
          this.logger.info({ flowId: row.flow_id, tick: missed.toISOString() }, 'running a schedule tick that its clock missed');
          await this.fire(row.flow_id, missed);
          fired++;
        }
      } catch (error) {
        this.logger.error({ flowId: row.flow_id, err: error }, 'could not fire a missed schedule tick');
      }
    }
    return fired;
  }

  /** The queue holding a flow's clock: its shard. */
  private clockQueue(flowId: string): Queue {
    return this.queue.shardOf(flowId).queue;
  }

  private async arm(flowId: string, cron: string, timezone: string): Promise<void> {
    await this.clockQueue(flowId).upsertJobScheduler(schedulerId(flowId), { pattern: cron, tz: timezone }, { name: 'cron', data: { f: flowId } });
  }

  private async schedule(flowId: string): Promise<ScheduleRow | null> {
    const { rows } = await this.pool.query<ScheduleRow>(`SELECT s.*, w.name AS workspace_name FROM schedules s JOIN workspaces w ON w.id = s.workspace_id WHERE s.flow_id = $1`, [flowId]);
    return rows[0] ?? null;
  }
}

export function schedulerId(flowId: string): string {
  return `cron.${flowId}`;
}

/** The tick a scheduler's job stands for: BullMQ names them `repeat:<scheduler>:<millis>`. */
export function tickOf(jobId: string | undefined, fallback: number): Date {
  const millis = Number(jobId?.split(':').at(-1));
  return new Date(Number.isFinite(millis) && millis > 0 ? millis : fallback);
}
