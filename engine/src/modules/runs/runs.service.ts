import { Inject, Injectable } from '@nestjs/common';
import { replayRunSchema, runListQuerySchema, type RunSummary } from '@switchboard/shared';
import type { NodeCatalog } from '@switchboard/nodes';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { FlowRegistry } from '../../execution/flow-registry';
import type { CompiledFlow } from '../../execution/compiled-flow';
import { triggerData } from '../../execution/run-context';
import { Sweeper } from '../../execution/sweeper';
import { TERMINAL_RUN_STATUSES, type RunStatus } from '../../execution/types';
import { uuidV7 } from '../../execution/uuid-v7';
import { ClusterBus } from '../../runtime/cluster-bus';
import { PgExecutionStore } from '../../persistence/pg-execution-store';
import { EmailsRepository } from '../email/emails.repository';
import { MessagesRepository } from '../messages/messages.repository';
import { CATALOG, TRACING } from '../../runtime/tokens';
import { retriedRunTrace, type EngineTracing } from '../../runtime/tracing/engine-tracing';
import { describeTrigger } from './run-trigger';
import { RunEntity } from './run.entity';
import { StepEntity } from './step.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs as the API shows them: with every node's step, in the order the flow runs them. */
@Injectable()
export class RunsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: FlowRegistry,
    private readonly sweeper: Sweeper,
    private readonly bus: ClusterBus,
    private readonly messages: MessagesRepository,
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
    private readonly store: PgExecutionStore,
    private readonly emails: EmailsRepository,
    @Inject(TRACING) private readonly tracing: EngineTracing,
  ) {}

  async list(workspaceId: string, query: unknown) {
    const filter = parseInput(runListQuerySchema, query);
    const builder = this.dataSource
      .getRepository(RunEntity)
      .createQueryBuilder('run')
      .where('run.workspace_id = :workspaceId', { workspaceId })
      .orderBy('run.created_at', 'DESC')
      .addOrderBy('run.id', 'DESC')
      .take(filter.limit + 1);
    if (filter.flowId) builder.andWhere('run.flow_id = :flowId', { flowId: filter.flowId });
    if (filter.status) builder.andWhere('run.status = :status', { status: filter.status });
    if (filter.cursor) {
      const cursor = decodeCursor(filter.cursor);
      builder.andWhere('(run.created_at, run.id) < (:createdAt, :id)', cursor);
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    const triggers = await this.triggersOf(page.map((run) => run.id));
    return {
      runs: page.map((run) => this.summary(run, triggers.get(run.id))),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
    };
  }

  async get(workspaceId: string, id: string) {
    // One snapshot: the run's status and its steps as of the same moment.
    const { run, steps, meta, replays } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const run = UUID.test(id) ? await manager.getRepository(RunEntity).findOne({ where: { id, workspaceId } }) : null;
      if (!run) throw ApiError.notFound('Run', id);
      const steps = await manager.getRepository(StepEntity).find({ where: { runId: run.id } });
      const [meta] = (await manager.query(
        `SELECT e.external_id, e.type, e.occurred_at, e.data, v.version FROM events e, flow_versions v WHERE e.id = $1 AND v.id = $2`,
        [run.eventId, run.versionId],
      )) as Array<{ external_id: string; type: string; occurred_at: Date; data: Record<string, unknown> | null; version: number | null }>;
      const replays = (await manager.query(`SELECT id FROM runs WHERE replay_of = $1 AND workspace_id = $2 ORDER BY created_at, id`, [run.id, workspaceId])) as Array<{ id: string }>;
      return { run, steps, meta, replays: replays.map((row) => row.id) };
    });
    const flow = await this.registry.get(run.versionId);
    const byNode = new Map(steps.filter((step) => step.scope === '').map((step) => [step.nodeId, step]));
    const triggerStep = flow ? byNode.get(flow.trigger.id) : undefined;
    if (flow && meta && triggerStep && triggerStep.output === null) {
      // Stored without output: the trigger's output is its event's data as the trigger sees it.
      const event = { id: meta.external_id, type: meta.type, occurredAt: meta.occurred_at.toISOString(), data: meta.data ?? {} };
      triggerStep.output = triggerData(flow, event);
    }
    const scoped = steps.filter((step) => step.scope !== '');
    const order = flow ? [...flow.index.topologicalOrder()] : [...byNode.keys()];
    const stepView = (nodeId: string, step: StepEntity | undefined) => {
      const node = flow?.node(nodeId);
      const type = step?.nodeType ?? node?.type ?? 'unknown';
      return {
        nodeId,
        type,
        name: node?.name ?? this.catalog.get(type)?.title ?? type,
        status: step?.status ?? 'pending',
        handle: step?.handle ?? null,
        input: step?.input ?? null,
        output: step?.output ?? null,
        error: step?.error ?? null,
        warnings: step?.warnings ?? [],
        attempts: step?.attempt ?? 0,
        startedAt: step?.startedAt?.toISOString() ?? null,
        finishedAt: step?.finishedAt?.toISOString() ?? null,
        durationMs: step?.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
      };
    };
    return {
      ...this.summary(run, meta ? { ...describeTrigger(meta.type, meta.data), version: meta.version } : undefined),
      flowName: flow?.version.name ?? null,
      event: meta ? { id: meta.external_id, type: meta.type } : null,
      replays,
      steps: order.map((nodeId) => {
        const loop = flow?.loopAround(nodeId);
        if (loop) {
          // A step inside a loop runs once per item: its status sums up its iterations (each is on the loop's step).
          const runs = scoped.filter((step) => step.nodeId === nodeId);
          const loopDone = ['succeeded', 'failed', 'skipped'].includes(byNode.get(loop.loopId)?.status ?? 'pending');
          return { ...stepView(nodeId, undefined), status: iterationsStatus(runs, loopDone), loopId: loop.loopId, iterations: runs.filter((step) => step.status !== 'skipped').length };
        }
        const view = stepView(nodeId, byNode.get(nodeId));
        if (!flow?.loop(nodeId)) return view;
        return { ...view, iterations: this.iterations(flow, nodeId, byNode.get(nodeId), scoped, stepView) };
      }),
    };
  }

  /** A loop's iterations as far as they ran: each item's status and its steps, in the flow's order. */
  private iterations<V>(flow: CompiledFlow, loopId: string, loopStep: StepEntity | undefined, scoped: StepEntity[], stepView: (nodeId: string, step: StepEntity | undefined) => V) {
    const body = flow.loop(loopId)!;
    const items = ((loopStep?.output as { items?: unknown[]; results?: Array<{ item: unknown }> } | null) ?? {}) as { items?: unknown[]; results?: Array<{ item: unknown }> };
    const byScope = new Map<string, StepEntity[]>();
    for (const step of scoped) if (body.nodes.has(step.nodeId) || step.nodeId === loopId) byScope.set(step.scope, [...(byScope.get(step.scope) ?? []), step]);
    const order = [...flow.index.topologicalOrder()].filter((id) => body.nodes.has(id));
    return [...byScope.entries()]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([scope, iteration]) => {
        const marker = iteration.find((step) => step.nodeId === loopId);
        const ran = iteration.filter((step) => step.nodeId !== loopId);
        const index = Number(scope);
        const status = marker ? ((marker.output as { failed?: boolean } | null)?.failed ? 'failed' : 'succeeded') : ran.some((step) => step.status === 'waiting') ? 'waiting' : 'running';
        return {
          index,
          item: items.items?.[index] ?? items.results?.[index]?.item ?? null,
          status,
          steps: order.map((id) => stepView(id, ran.find((step) => step.nodeId === id))),
        };
      });
  }

  /** Stops a run: nothing more of it executes and its waits are dropped. */
  async cancel(workspaceId: string, id: string) {
    const run = await this.find(workspaceId, id);
    if (TERMINAL_RUN_STATUSES.has(run.status)) throw new ApiError('CONFLICT', `Run ${id} already ${run.status}; only an unfinished run can be cancelled`);
    const cancelled = await this.store.cancelRun(run.id);
    if (cancelled && run.traceContext) {
      this.tracing.runEnded({ runId: run.id, workspaceId: run.workspaceId, flowId: run.flowId, status: 'cancelled', createdAt: run.createdAt, trace: run.traceContext });
    }
    await this.bus.runChanged(run.id);
    return this.get(workspaceId, id);
  }

  /**
   * Runs a failed run on from where it failed: the failed steps go back to pending with a
   * fresh retry budget; completed steps keep their outputs and their side effects are not
   * repeated.
   */
  async retry(workspaceId: string, id: string) {
    const run = await this.find(workspaceId, id);
    if (run.status !== 'failed') throw new ApiError('CONFLICT', `Run ${id} is ${run.status}; only a failed run can be retried`);
    // A retry sends on purpose what a failed attempt may or may not have sent (OUTCOME_UNKNOWN):
    // the message and email claims of the steps it reopens are released first, so each step
    // claims them again and sends. The run is failed, so nothing moves these steps meanwhile.
    const nodeIds = await this.store.failedSteps(run.id);
    await this.messages.releaseUnknown(run.id, nodeIds);
    await this.emails.releaseUnknown(run.id, nodeIds);
    // The retried run is traced as a run of its own (a new span id).
    await this.store.retryRun(run.id, run.traceContext ? retriedRunTrace(run.traceContext, new Date()) : null);
    await this.bus.runChanged(run.id);
    await this.sweeper.reconcile(run.id);
    return this.get(workspaceId, id);
  }

  /**
   * Replays a finished run from one of its steps on the flow's current published version: a new
   * run of the same event that keeps, as they ended, the steps of the original that `fromStep`
   * does not lead to (the steps before it) and that succeeded — or failed onto an error edge the
   * version still has — so nothing they sent is sent again; `fromStep` and everything after it
   * run again. The new run is reconciled like a retried one: the store's steps decide what is
   * ready, and the ordinary step jobs run it.
   */
  async replay(workspaceId: string, id: string, body: unknown): Promise<{ runId: string; flowName: string | null; fromStep: string }> {
    const { fromStep } = parseInput(replayRunSchema, body ?? {});
    const original = await this.find(workspaceId, id);
    if (!TERMINAL_RUN_STATUSES.has(original.status)) throw new ApiError('CONFLICT', `Run ${id} is ${original.status}; only a finished run can be replayed`);
    const [published] = (await this.dataSource.query(`SELECT published_version_id FROM flows WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL`, [
      original.flowId,
      workspaceId,
    ])) as Array<{ published_version_id: string | null }>;
    if (!published?.published_version_id) throw new ApiError('CONFLICT', `The flow of run ${id} is not published; publish it to replay the run on its live version`);
    const flow = await this.registry.get(published.published_version_id);
    if (!flow) throw ApiError.notFound('Flow version', published.published_version_id);
    const invalid = (message: string) => ApiError.invalid([{ field: 'fromStep', message }]);
    if (!flow.node(fromStep)) throw invalid(`fromStep "${fromStep}" is not a step of the published version of this flow`);
    if (fromStep === flow.trigger.id) throw invalid(`fromStep "${fromStep}" is the trigger; replay from a step after it`);
    if (!flow.index.reachable.has(fromStep)) throw invalid(`fromStep "${fromStep}" is not connected to the trigger in the published version`);
    if (flow.loopAround(fromStep)) throw invalid(`fromStep "${fromStep}" runs inside a loop; replay from the loop's step "${flow.loopAround(fromStep)!.loopId}"`);

    const kept = (await this.store.endedSteps(original.id))
      .filter((step) => {
        const node = flow.node(step.nodeId);
        if (!node || node.type !== step.nodeType || !flow.index.reachable.has(step.nodeId) || flow.loopAround(step.nodeId)) return false;
        // fromStep and what it leads to run again.
        if (step.nodeId === fromStep || flow.index.ancestors(step.nodeId).has(fromStep)) return false;
        if (step.status === 'succeeded') return true;
        return step.status === 'failed' && step.handle === 'error' && flow.hasErrorEdge(step.nodeId);
      })
      .map((step) => step.nodeId);
    // The trigger step is kept whatever the original's steps say: it holds the event the replay runs on.
    if (!kept.includes(flow.trigger.id)) throw new ApiError('CONFLICT', `Run ${id} has no stored trigger step (its data was erased); it cannot be replayed`);
    const runId = uuidV7();
    const stored = await this.store.replayRun(original.id, { id: runId, versionId: flow.version.id, kept, remaining: flow.reachableCount - kept.length });
    if (!stored) throw ApiError.notFound('Run', id);
    await this.sweeper.reconcile(runId);
    return { runId, flowName: flow.version.name, fromStep };
  }

  private async find(workspaceId: string, id: string): Promise<RunEntity> {
    const run = UUID.test(id) ? await this.dataSource.getRepository(RunEntity).findOne({ where: { id, workspaceId } }) : null;
    if (!run) throw ApiError.notFound('Run', id);
    return run;
  }

  /** Each run's customer, trigger line and version number (one query for a page of runs). */
  private async triggersOf(runIds: string[]): Promise<Map<string, RunTrigger>> {
    if (runIds.length === 0) return new Map();
    // The event's data without its long parts: a row needs the customer and the call, not the transcript.
    const rows = (await this.dataSource.query(
      `SELECT r.id, e.type, e.data - 'transcript' - 'messages' AS data, v.version
         FROM runs r JOIN events e ON e.id = r.event_id JOIN flow_versions v ON v.id = r.flow_version_id
        WHERE r.id = ANY($1::uuid[])`,
      [runIds],
    )) as Array<{ id: string; type: string; data: Record<string, unknown> | null; version: number | null }>;
    return new Map(rows.map((row) => [row.id, { ...describeTrigger(row.type, row.data), version: row.version }]));
  }

  private summary(run: RunEntity, trigger?: RunTrigger): RunSummary {
    return {
      id: run.id,
      flowId: run.flowId,
      flowVersionId: run.versionId,
      status: run.status as RunStatus,
      isTest: run.isTest,
      customer: trigger?.customer ?? null,
      summary: trigger?.summary ?? '',
      version: trigger?.version ?? null,
      replayOf: run.replayOf,
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      durationMs: run.finishedAt ? run.finishedAt.getTime() - run.createdAt.getTime() : null,
    };
  }
}

type RunTrigger = ReturnType<typeof describeTrigger> & { version: number | null };

/** One status for a step inside a loop, from its runs in every iteration. */
function iterationsStatus(runs: StepEntity[], loopDone: boolean): string {
  if (runs.length === 0) return loopDone ? 'skipped' : 'pending';
  if (runs.some((step) => step.status === 'running')) return 'running';
  if (runs.some((step) => step.status === 'waiting')) return 'waiting';
  if (runs.some((step) => step.status === 'failed' && step.handle !== 'error')) return 'failed';
  return runs.some((step) => step.status === 'succeeded' || step.status === 'failed') ? 'succeeded' : 'skipped';
}

function encodeCursor(run: RunEntity): string {
  return Buffer.from(JSON.stringify([run.createdAt.toISOString(), run.id])).toString('base64url');
}

/** The instants cursors carry (`Date.toISOString()`); anything else would reach Postgres as a bad timestamp. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof createdAt === 'string' && ISO_INSTANT.test(createdAt) && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && UUID.test(id)) return { createdAt, id };
  } catch {
    // fall through
  }
  throw ApiError.invalid([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}
