import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuditActor, FlowGraph, FlowView, GraphProblem, VersionView, WebhookUrls } from '@switchboard/shared';
import type { NodeCatalog } from '@switchboard/nodes';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { SchedulesService } from '../schedules/schedules.service';
import { ClusterBus } from '../../runtime/cluster-bus';
import type { EngineConfig } from '../../config/config';
import { CATALOG, CONFIG } from '../../runtime/tokens';
import { ConnectionsService } from '../connections/connections.service';
import { CHOOSE_CONNECTION, FLOW_TEMPLATES } from './flow-templates';
import { FlowValidator } from './flow-validator';
import { FlowVersionEntity } from './flow-version.entity';
import { FlowEntity } from './flow.entity';
import { claimFunctionName, claimWebhookPath } from './trigger-claims';
import { TriggerSecrets } from './trigger-secrets';
import { createFlowSchema, flowDocumentSchema, PROVIDERS, updateFlowSchema } from '@switchboard/shared';

/** Drafts, publishing (immutable versions) and the flow document. */
@Injectable()
export class FlowsService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: FlowValidator,
    private readonly bus: ClusterBus,
    private readonly connections: ConnectionsService,
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
    private readonly schedules: SchedulesService,
    private readonly secrets: TriggerSecrets,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly audit: AuditService,
  ) {}

  /**
   * Seals the write-only values stored in plain text before sealing existed, in drafts and in
   * published versions (the same secret, now encrypted at rest). Idempotent, and safe when
   * several processes start at once: a row changed meanwhile is left for the next start.
   */
  async onApplicationBootstrap(): Promise<void> {
    const plain = `$.nodes[*] ? (@.type == "webhook.received" && @.config.secret.type() == "string" && !(@.config.secret starts with "enc:"))`;
    for (const table of ['flows', 'flow_versions'] as const) {
      const rows = (await this.dataSource.query(`SELECT id, graph FROM ${table} WHERE graph @? $1::jsonpath`, [plain])) as Array<{ id: string; graph: FlowGraph }>;
      for (const row of rows) {
        const sealed = this.secrets.sealPlain(row.graph);
        if (sealed !== row.graph) await this.dataSource.query(`UPDATE ${table} SET graph = $3 WHERE id = $1 AND graph = $2::jsonb`, [row.id, JSON.stringify(row.graph), JSON.stringify(sealed)]);
      }
    }
  }

  private get flows() {
    return this.dataSource.getRepository(FlowEntity);
  }

  private get versions() {
    return this.dataSource.getRepository(FlowVersionEntity);
  }

  async create(workspaceId: string, body: unknown): Promise<FlowView> {
    const input = parseInput(createFlowSchema, body);
    if (input.fromTemplate === undefined) {
      return this.insert(workspaceId, input.name, input.description ?? '', (input.graph ?? { nodes: [], edges: [] }) as unknown as FlowGraph);
    }
    const template = FLOW_TEMPLATES.find((candidate) => candidate.id === input.fromTemplate);
    if (!template) {
      throw ApiError.invalid([{ field: 'fromTemplate', message: `no flow template "${input.fromTemplate}"; see GET /api/flow-templates` }]);
    }
    const graph = structuredClone(template.graph);
    // A connection the template leaves to choose becomes the workspace's first of its kind (a WhatsApp sender, an SMTP server…), when it has one.
    const connections = await this.connections.list(workspaceId);
    for (const node of graph.nodes) {
      for (const [field, family] of this.validator.connectionFields(node as unknown as Record<string, unknown>)) {
        const first = connections.find((connection) => PROVIDERS[connection.provider]?.channel === family);
        if (node.config[field] === CHOOSE_CONNECTION && first) node.config[field] = first.id;
      }
    }
    return this.insert(workspaceId, input.name, input.description ?? template.description, graph);
  }

  async import(workspaceId: string, body: unknown): Promise<FlowView> {
    const document = parseInput(flowDocumentSchema, body);
    return this.insert(workspaceId, document.name, document.description, document.graph as unknown as FlowGraph);
  }

  async list(workspaceId: string): Promise<FlowView[]> {
    const rows = await this.flows.find({ where: { workspaceId, deletedAt: IsNull() }, order: { updatedAt: 'DESC' } });
    const versionNumbers = await this.publishedNumbers(rows);
    return rows.map((row) => this.view(row, versionNumbers.get(row.publishedVersionId ?? '') ?? null));
  }

  async get(workspaceId: string, id: string): Promise<FlowView> {
    const flow = await this.find(workspaceId, id);
    return this.view(flow, await this.publishedNumber(flow));
  }

  /**
   * Saves the draft, valid or not, and returns it with its problems and its next revision. With
   * `baseRevision`, the save is stored only if the draft is still at that revision — checked by
   * the UPDATE itself, so of two saves from one revision exactly one wins — and otherwise
   * refused with CONFLICT naming the current revision. Without it, the save overwrites.
   */
  async update(workspaceId: string, id: string, body: unknown): Promise<FlowView> {
    const input = parseInput(updateFlowSchema, body);
    const flow = await this.find(workspaceId, id);
    if (input.baseRevision !== undefined && input.baseRevision !== flow.revision) throw this.staleSave(flow, input.baseRevision);
    if (input.name !== undefined) flow.name = input.name;
    if (input.description !== undefined) flow.description = input.description;
    // A write-only value sent back as the marker keeps the stored one.
    if (input.graph !== undefined) flow.graph = this.secrets.seal(input.graph as unknown as FlowGraph, flow.graph);
    flow.problems = await this.problemsOf(workspaceId, flow.graph);
    flow.updatedAt = new Date();
    const [rows] = (await this.dataSource.query(
      `UPDATE flows SET name = $3, description = $4, graph = $5::jsonb, problems = $6::jsonb, updated_at = $7, revision = revision + 1
        WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL AND ($8::integer IS NULL OR revision = $8)
        RETURNING revision`,
      [flow.id, workspaceId, flow.name, flow.description, JSON.stringify(flow.graph), JSON.stringify(flow.problems), flow.updatedAt, input.baseRevision ?? null],
    )) as [Array<{ revision: number }>, number];
    if (!rows[0]) {
      // Another save (or a delete) came between the read and the write.
      const current = await this.find(workspaceId, id);
      throw this.staleSave(current, input.baseRevision ?? flow.revision);
    }
    flow.revision = rows[0].revision;
    return this.view(flow, await this.publishedNumber(flow));
  }

  /** The refusal of a save made on `baseRevision` of a draft saved since. */
  private staleSave(current: FlowEntity, baseRevision: number): ApiError {
    return new ApiError(
      'CONFLICT',
      `The draft was saved by someone else since revision ${baseRevision} (it is at revision ${current.revision}); reload it, or save again with baseRevision ${current.revision} to overwrite`,
      { baseRevision, currentRevision: current.revision, updatedAt: current.updatedAt.toISOString() },
    );
  }

  /** Deletes the flow (its runs and versions stay); answers what it deleted, for the audit log. */
  async remove(workspaceId: string, id: string): Promise<{ id: string; name: string }> {
    const flow = await this.find(workspaceId, id);
    await this.flows.update({ id: flow.id }, { deletedAt: new Date(), publishedVersionId: null, publishedTriggerType: null });
    await this.bus.flowsChanged(workspaceId);
    await this.schedules.unpublished(flow.id);
    return { id: flow.id, name: flow.name };
  }

  validate(workspaceId: string, graph: unknown): Promise<GraphProblem[]> {
    return this.validator.validate(workspaceId, graph);
  }

  /**
   * Freezes the draft into a new immutable version and makes it the one events start.
   * An invalid draft is refused with its problems. Publishing an unchanged draft republishes
   * its latest version instead of adding an identical one. With `actor`, the audit entry
   * commits in the same transaction.
   */
  async publish(workspaceId: string, id: string, actor?: AuditActor): Promise<{ flow: FlowView; version: VersionView; webhook?: WebhookUrls }> {
    const draft = await this.find(workspaceId, id);
    const problems = await this.problemsOf(workspaceId, draft.graph);
    if (problems.length > 0) throw new ApiError('GRAPH_INVALID', `The flow has ${problems.length} problem(s) and cannot be published`, problems);
    const triggerType = this.triggerType(draft.graph)!;

    let webhook: WebhookUrls | undefined;
    const version = await this.dataSource.transaction(async (manager) => {
      const flow = await manager.getRepository(FlowEntity).findOne({ where: { id: draft.id }, lock: { mode: 'pessimistic_write' } });
      if (!flow || flow.deletedAt) throw ApiError.notFound('Flow', id);
      // A draft saved before write-only values were sealed is sealed before a version copies it.
      const sealed = this.secrets.sealPlain(flow.graph);
      if (sealed !== flow.graph) {
        flow.graph = sealed;
        await manager.query(`UPDATE flows SET graph = $2 WHERE id = $1`, [flow.id, JSON.stringify(sealed)]);
      }
      if (triggerType === 'webhook.received') webhook = this.webhookUrls(await claimWebhookPath(manager, this.catalog, workspaceId, flow));
      if (triggerType === 'call.function') await claimFunctionName(manager, this.catalog, workspaceId, flow);
      const latest = await manager.getRepository(FlowVersionEntity).findOne({ where: { flowId: flow.id, isTest: false }, order: { version: 'DESC' } });
      let version = latest;
      if (!latest || latest.name !== flow.name || JSON.stringify(latest.graph) !== JSON.stringify(flow.graph)) {
        version = manager.getRepository(FlowVersionEntity).create({
          id: randomUUID(),
          flowId: flow.id,
          workspaceId,
          version: (latest?.version ?? 0) + 1,
          name: flow.name,
          graph: flow.graph,
          triggerType,
          isTest: false,
          createdAt: new Date(),
        });
        await manager.getRepository(FlowVersionEntity).save(version);
      }
      await manager.getRepository(FlowEntity).update({ id: flow.id }, { publishedVersionId: version!.id, publishedTriggerType: triggerType, problems: [] });
      if (actor) await this.audit.record(workspaceId, actor, 'flow.publish', { kind: 'flow', id: flow.id, name: flow.name }, `Published version ${version!.version}`, manager);
      return version!;
    });
    await this.bus.flowsChanged(workspaceId);
    await this.schedules.published(workspaceId, id, version.id, version.graph);
    const flow = await this.find(workspaceId, id);
    return { flow: this.view(flow, version.version), version: this.versionView(version, true), ...(webhook ? { webhook } : {}) };
  }

  /** Stops new runs of the flow; with `actor`, the audit entry commits in the same transaction. */
  async unpublish(workspaceId: string, id: string, actor?: AuditActor): Promise<FlowView> {
    const flow = await this.find(workspaceId, id);
    const number = await this.publishedNumber(flow);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(FlowEntity).update({ id: flow.id }, { publishedVersionId: null, publishedTriggerType: null });
      if (actor) {
        const summary = number === null ? 'Unpublished (no version was published)' : `Unpublished version ${number}`;
        await this.audit.record(workspaceId, actor, 'flow.unpublish', { kind: 'flow', id: flow.id, name: flow.name }, summary, manager);
      }
    });
    await this.bus.flowsChanged(workspaceId);
    await this.schedules.unpublished(flow.id);
    return this.view({ ...flow, publishedVersionId: null, publishedTriggerType: null }, null);
  }

  async listVersions(workspaceId: string, id: string): Promise<VersionView[]> {
    const flow = await this.find(workspaceId, id);
    const rows = await this.versions.find({ where: { flowId: flow.id, isTest: false }, order: { version: 'DESC' } });
    return rows.map((row) => this.versionView(row, row.id === flow.publishedVersionId));
  }

  /** One published version with the graph it froze, by its number. */
  async getVersion(workspaceId: string, id: string, number: string): Promise<VersionView & { graph: FlowGraph }> {
    const flow = await this.find(workspaceId, id);
    const version = /^[1-9][0-9]{0,8}$/.test(number) ? await this.versions.findOne({ where: { flowId: flow.id, isTest: false, version: Number(number) } }) : null;
    if (!version) throw ApiError.notFound('Version', number);
    return { ...this.versionView(version, version.id === flow.publishedVersionId), graph: this.secrets.redact(version.graph) };
  }

  async export(workspaceId: string, id: string): Promise<{ name: string; description: string; graph: FlowGraph }> {
    const flow = await this.find(workspaceId, id);
    // Write-only values leave as the marker: an import of the document asks for them again.
    return { name: flow.name, description: flow.description, graph: this.secrets.redact(flow.graph) };
  }

  /** A frozen copy of the draft for a test run; not numbered, never published. */
  async snapshotForTest(workspaceId: string, id: string): Promise<FlowVersionEntity> {
    const flow = await this.find(workspaceId, id);
    const problems = await this.problemsOf(workspaceId, flow.graph);
    if (problems.length > 0) throw new ApiError('GRAPH_INVALID', `The flow has ${problems.length} problem(s); fix them before a test run`, problems);
    const version = this.versions.create({
      id: randomUUID(),
      flowId: flow.id,
      workspaceId,
      version: null,
      name: flow.name,
      graph: flow.graph,
      triggerType: this.triggerType(flow.graph)!,
      isTest: true,
      createdAt: new Date(),
    });
    await this.versions.save(version);
    return version;
  }

  /** The published version a manual run starts. */
  async publishedVersion(workspaceId: string, id: string): Promise<FlowVersionEntity> {
    const flow = await this.find(workspaceId, id);
    if (!flow.publishedVersionId) throw new ApiError('CONFLICT', `Flow ${id} is not published; publish it or use a test run`);
    return this.versions.findOneOrFail({ where: { id: flow.publishedVersionId } });
  }

  private async insert(workspaceId: string, name: string, description: string, given: FlowGraph): Promise<FlowView> {
    const now = new Date();
    const graph = this.secrets.seal(given);
    const flow = this.flows.create({
      id: randomUUID(),
      workspaceId,
      name,
      description,
      graph,
      problems: await this.problemsOf(workspaceId, graph),
      revision: 1,
      publishedVersionId: null,
      publishedTriggerType: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    await this.flows.save(flow);
    return this.view(flow, null);
  }

  private async find(workspaceId: string, id: string): Promise<FlowEntity> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const flow = isUuid ? await this.flows.findOne({ where: { id, workspaceId, deletedAt: IsNull() } }) : null;
    if (!flow) throw ApiError.notFound('Flow', id);
    return flow;
  }

  /** A stored graph's problems, judged on its write-only values in plain text (a sealed value says nothing of its length). */
  private problemsOf(workspaceId: string, graph: FlowGraph): Promise<GraphProblem[]> {
    return this.validator.validate(workspaceId, this.secrets.open(graph));
  }

  private webhookUrls(claim: { path: string; token: string; legacy: boolean }): WebhookUrls {
    const base = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/webhooks/in`;
    return { path: claim.path, url: `${base}/${claim.token}/${claim.path}`, legacyUrl: claim.legacy ? `${base}/${claim.path}` : null };
  }

  private triggerType(graph: FlowGraph): string | null {
    const nodes = Array.isArray(graph?.nodes) ? graph.nodes : [];
    return nodes.find((node) => typeof node?.type === 'string' && this.catalog.isTrigger(node.type))?.type ?? null;
  }

  private async publishedNumber(flow: FlowEntity): Promise<number | null> {
    return (await this.publishedNumbers([flow])).get(flow.publishedVersionId ?? '') ?? null;
  }

  private async publishedNumbers(flows: FlowEntity[]): Promise<Map<string, number>> {
    const ids = flows.map((flow) => flow.publishedVersionId).filter((id): id is string => id !== null);
    if (ids.length === 0) return new Map();
    const rows = await this.versions.createQueryBuilder('v').select(['v.id', 'v.version']).where('v.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((row) => [row.id, row.version ?? 0]));
  }

  private view(flow: FlowEntity, publishedVersion: number | null): FlowView {
    return {
      id: flow.id,
      name: flow.name,
      description: flow.description,
      status: flow.publishedVersionId ? 'published' : 'draft',
      triggerType: this.triggerType(flow.graph),
      graph: this.secrets.redact(flow.graph),
      valid: flow.problems.length === 0,
      problems: flow.problems,
      revision: flow.revision,
      publishedVersionId: flow.publishedVersionId,
      publishedVersion,
      createdAt: flow.createdAt.toISOString(),
      updatedAt: flow.updatedAt.toISOString(),
    };
  }

  private versionView(version: FlowVersionEntity, published: boolean): VersionView {
    return {
      id: version.id,
      version: version.version ?? 0,
      name: version.name,
      triggerType: version.triggerType,
      published,
      createdAt: version.createdAt.toISOString(),
    };
  }
}
