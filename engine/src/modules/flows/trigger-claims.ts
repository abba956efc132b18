import type { NodeCatalog } from '@switchboard/nodes';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../../common/api-error';
import type { FlowEntity } from './flow.entity';

type Query = (text: string, values: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** A published flow whose trigger holds a given value (a webhook path, a function name). */
export interface TriggerHolder {
  flowId: string;
  flowName: string;
  workspaceId: string;
  workspaceName: string;
  /** The trigger's config as published. */
  config: Record<string, unknown>;
}

/**
 * The published flows whose `type` trigger has `field` equal to `value` — a trigger that
 * leaves the field out has the schema's default — in one workspace, or in every one when
 * `workspaceId` is null. Filtered by the flows' published trigger type first, so only the
 * graphs of such flows are read.
 */
export async function publishedHolders(query: Query, catalog: NodeCatalog, type: string, field: string, value: string, workspaceId: string | null): Promise<TriggerHolder[]> {
  const rows = await query(
    `SELECT f.id AS flow_id, f.name AS flow_name, w.id AS workspace_id, w.name AS workspace_name, node->'config' AS config
       FROM flows f
       JOIN flow_versions v ON v.id = f.published_version_id
       JOIN workspaces w ON w.id = f.workspace_id
       CROSS JOIN LATERAL jsonb_array_elements(v.graph->'nodes') AS node
      WHERE f.published_trigger_type = $1 AND f.published_version_id IS NOT NULL AND f.deleted_at IS NULL
        AND ($5::uuid IS NULL OR f.workspace_id = $5)
        AND node->>'type' = $1 AND coalesce(node->'config'->>$2, $3) = $4`,
    [type, field, fieldDefault(catalog.get(type), field), value, workspaceId],
  );
  return rows.map((row) => ({
    flowId: row.flow_id as string,
    flowName: row.flow_name as string,
    workspaceId: row.workspace_id as string,
    workspaceName: row.workspace_name as string,
    config: (row.config ?? {}) as Record<string, unknown>,
  }));
}

/**
 * Before `flow` is published: the value of its trigger's `field` and the other published flows
 * holding it (in `workspaceId`, or anywhere when null), under an advisory lock held until the
 * publish commits, so two concurrent publishes of one value are serialised. Null when the
 * trigger's config does not parse (publishing refuses it anyway).
 */
export async function claimTriggerValue(
  manager: EntityManager,
  catalog: NodeCatalog,
  flow: FlowEntity,
  type: string,
  field: string,
  workspaceId: string | null,
): Promise<{ value: string; others: TriggerHolder[] } | null> {
  const trigger = flow.graph.nodes.find((node) => node.type === type);
  const definition = trigger && catalog.getVersion(trigger.type, trigger.typeVersion ?? 1);
  const parsed = definition && catalog.parseConfig(definition, trigger.config ?? {});
  if (!parsed?.ok) return null;
  const value = String((parsed.config as Record<string, unknown>)[field]);
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${type}:${workspaceId ?? '*'}:${value}`]);
  const holders = await publishedHolders((text, values) => manager.query(text, values), catalog, type, field, value, workspaceId);
  return { value, others: holders.filter((holder) => holder.flowId !== flow.id) };
}

/**
 * Refuses to publish a `webhook.received` flow on a path another published flow of the
 * workspace listens on (a path is unique per workspace: `/webhooks/in/<token>/<path>` names the
 * workspace by its token). Then claims the path's token-less URL, `/webhooks/in/<path>`, for
 * the workspace if no workspace ever has: the first to publish a path keeps that URL for good,
 * even unpublished, so no other workspace can take over its callers. Answers the path, the
 * workspace's token, and whether the workspace holds the token-less URL.
 */
export async function claimWebhookPath(
  manager: EntityManager,
  catalog: NodeCatalog,
  workspaceId: string,
  flow: FlowEntity,
): Promise<{ path: string; token: string; legacy: boolean }> {
  const claim = await claimTriggerValue(manager, catalog, flow, 'webhook.received', 'path', workspaceId);
  if (!claim) throw new ApiError('GRAPH_INVALID', 'The webhook trigger has no valid path');
  const mine = claim.others[0];
  if (mine) throw new ApiError('CONFLICT', `path ${claim.value} is already used by the published flow "${mine.flowName}"`);
  await manager.query(`INSERT INTO webhook_legacy_paths (path, workspace_id) VALUES ($1, $2) ON CONFLICT (path) DO NOTHING`, [claim.value, workspaceId]);
  const [row] = (await manager.query(
    `SELECT w.webhook_token AS token, (l.workspace_id = w.id) AS legacy
       FROM workspaces w LEFT JOIN webhook_legacy_paths l ON l.path = $2
      WHERE w.id = $1`,
    [workspaceId, claim.value],
  )) as Array<{ token: string; legacy: boolean | null }>;
  return { path: claim.value, token: row!.token, legacy: row!.legacy === true };
}

/**
 * Refuses to publish a `call.function` flow whose function name another published flow of the
 * workspace already offers: a voice agent calls functions by name, so a name is one flow's.
 * Unpublishing (or deleting) a flow frees its name, since only published versions are read.
 */
export async function claimFunctionName(manager: EntityManager, catalog: NodeCatalog, workspaceId: string, flow: FlowEntity): Promise<void> {
  const claim = await claimTriggerValue(manager, catalog, flow, 'call.function', 'name', workspaceId);
  const other = claim?.others[0];
  if (!claim || !other) return;
  throw new ApiError('CONFLICT', `function ${claim.value} is already offered by the published flow "${other.flowName}"; rename it or unpublish that flow`, {
    flowId: other.flowId,
    flowName: other.flowName,
  });
}

/** The default of one field of a trigger's config schema, as text; null when it has none. */
function fieldDefault(definition: ReturnType<NodeCatalog['get']>, field: string): string | null {
  const shape = (definition?.config as { shape?: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }> } | undefined)?.shape;
  const parsed = shape?.[field]?.safeParse(undefined);
  return parsed?.success && parsed.data !== undefined ? String(parsed.data) : null;
}
