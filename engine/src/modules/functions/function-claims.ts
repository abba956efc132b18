import type { NodeCatalog } from '@switchboard/nodes';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../../common/api-error';
import type { FlowEntity } from '../flows/flow.entity';

/**
 * Refuses to publish a `call.function` flow whose function name another published flow of the
 * workspace already offers: a voice agent calls functions by name, so a name is one flow's.
 * The advisory lock, held until the publish commits, serialises concurrent claims of a name;
 * unpublishing (or deleting) a flow frees its name, since only published versions are read.
 */
export async function claimFunctionName(manager: EntityManager, catalog: NodeCatalog, workspaceId: string, flow: FlowEntity): Promise<void> {
  const trigger = flow.graph.nodes.find((node) => node.type === 'call.function');
  const definition = trigger && catalog.getVersion(trigger.type, trigger.typeVersion ?? 1);
  const parsed = definition && catalog.parseConfig(definition, trigger.config ?? {});
  if (!parsed?.ok) return;
  const name = (parsed.config as { name: string }).name;
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`call.function:${workspaceId}:${name}`]);
  const others: Array<{ id: string; name: string }> = await manager.query(
    `SELECT f.id, f.name
       FROM flows f
       JOIN flow_versions v ON v.id = f.published_version_id
       CROSS JOIN LATERAL jsonb_array_elements(v.graph->'nodes') AS node
      WHERE f.workspace_id = $1 AND f.published_trigger_type = 'call.function' AND f.published_version_id IS NOT NULL
        AND f.deleted_at IS NULL AND f.id <> $2
        AND node->>'type' = 'call.function' AND node->'config'->>'name' = $3`,
    [workspaceId, flow.id, name],
  );
  const other = others[0];
  if (other) {
    throw new ApiError('CONFLICT', `function ${name} is already offered by the published flow "${other.name}"; rename it or unpublish that flow`, {
      flowId: other.id,
      flowName: other.name,
    });
  }
}
