import { Inject, Injectable } from '@nestjs/common';
import type { NodeCatalog } from '@switchboard/nodes';
import type { Pool } from 'pg';
import { CATALOG, PG_POOL } from '../../runtime/tokens';
import { publishedHolders, type TriggerHolder } from './trigger-claims';

/** Which published flows an inbound webhook URL reaches (the flows' trigger claims own `webhook_legacy_paths`). */
@Injectable()
export class WebhookRoutes {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
  ) {}

  /**
   * The published flows listening on `path` in the workspace the URL names: by its webhook
   * token, or without one by the workspace holding the path's token-less URL. None when
   * neither names a workspace.
   */
  async flowsOn(token: string | null, path: string): Promise<TriggerHolder[]> {
    const { rows } = token
      ? await this.pool.query<{ id: string }>(`SELECT id FROM workspaces WHERE webhook_token = $1`, [token])
      : await this.pool.query<{ id: string }>(`SELECT workspace_id AS id FROM webhook_legacy_paths WHERE path = $1`, [path]);
    const workspaceId = rows[0]?.id;
    if (!workspaceId) return [];
    return publishedHolders(async (text, values) => (await this.pool.query(text, values)).rows, this.catalog, 'webhook.received', 'path', path, workspaceId);
  }
}
