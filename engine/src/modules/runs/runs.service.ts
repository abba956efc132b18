import { Inject, Injectable } from '@nestjs/common';
import { runListQuerySchema, type RunSummary } from '@switchboard/shared';
import type { NodeCatalog } from '@switchboard/nodes';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { FlowRegistry } from '../../execution/flow-registry';
import type { CompiledFlow } from '../../execution/compiled-flow';
import { Sweeper } from '../../execution/sweeper';
import { TERMINAL_RUN_STATUSES, type RunStatus } from '../../execution/types';
import { ClusterBus } from '../../runtime/cluster-bus';
import { PgExecutionStore } from '../../persistence/pg-execution-store';
import { EmailsRepository } from '../email/emails.repository';
import { MessagesRepository } from '../messages/messages.repository';
import { CATALOG, TRACING } from '../../runtime/tokens';
import { retriedRunTrace, type EngineTracing } from '../../runtime/tracing/engine-tracing';
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
    return {
      runs: page.map((run) => this.summary(run)),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
    };
  }

  async get(workspaceId: string, id: string) {
    // One snapshot: the run's status and its steps as of the same moment.
    const { run, steps, meta } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const run = UUID.test(id) ? await manager.getRepository(RunEntity).findOne({ where: { id, workspaceId } }) : null;
      if (!run) throw ApiError.notFound('Run', id);
      const steps = await manager.getRepository(StepEntity).find({ where: { runId: run.id } });
      const [meta] = (await manager.query(
        `SELECT e.external_id, e.type, v.version FROM events e, flow_versions v WHERE e.id = $1 AND v.id = $2`,
        [run.eventId, run.versionId],
      )) as Array<{ external_id: string; type: string; version: number | null }>;
      return { run, steps, meta };
    });
    const flow = await this.registry.get(run.versionId);
    const byNode = new Map(steps.filter((step) => step.scope === '').map((step) => [step.nodeId, step]));
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
      ...this.summary(run),
      flowName: flow?.version.name ?? null,
      version: meta?.version ?? null,
      event: meta ? { id: meta.external_id, type: meta.type } : null,
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

  private async find(workspaceId: string, id: string): Promise<RunEntity> {
    const run = UUID.test(id) ? await this.dataSource.getRepository(RunEntity).findOne({ where: { id, workspaceId } }) : null;
    if (!run) throw ApiError.notFound('Run', id);
    return run;
  }

  private summary(run: RunEntity): RunSummary {
    return {
      id: run.id,
      flowId: run.flowId,
      flowVersionId: run.versionId,
      status: run.status as RunStatus,
      isTest: run.isTest,
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      durationMs: run.finishedAt ? run.finishedAt.getTime() - run.createdAt.getTime() : null,
    };
  }
}

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
