import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { ApiKeyScope, ApiKeyView } from '@switchboard/shared';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import type { EngineConfig } from '../../config/config';
import { PubSub } from '../../runtime/pubsub';
import { CONFIG, LOGGER } from '../../runtime/tokens';
import { ApiKeyEntity } from './api-key.entity';
import { WorkspaceEntity } from './workspace.entity';

export interface WorkspaceRef {
  id: string;
  name: string;
}

/** Who a request's API key is: its workspace, and the key's id, name and scopes. */
export interface KeyIdentity {
  workspace: WorkspaceRef;
  keyId: string;
  /** The key's name: who acts, for the audit log. */
  name: string;
  scopes: ApiKeyScope[];
}

const KEY_CACHE_MS = 30_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Workspaces and their API keys. A key is stored as its SHA-256; lookups are cached briefly,
 * and a revoked key is dropped from every process's cache at once over Redis pub/sub.
 */
@Injectable()
export class WorkspacesService implements OnApplicationBootstrap {
  private readonly keyCache = new Map<string, { identity: KeyIdentity | null; until: number }>();
  private readonly revokedChannel: string;
  /** Counts revocations heard: a lookup that overlapped one does not cache what it read. */
  private revocations = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly pubsub: PubSub,
    @Inject(CONFIG) config: EngineConfig,
  ) {
    this.revokedChannel = `${config.QUEUE_PREFIX}:api-key-revoked`;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.pubsub.subscribe(this.revokedChannel, (message) => {
      const hash = (message as { keyHash?: unknown }).keyHash;
      if (typeof hash === 'string') this.forget(hash);
    });
  }

  private forget(hash: string): void {
    this.revocations++;
    this.keyCache.delete(hash);
  }

  /** A new workspace; with `db`, inside the caller's transaction (its first member joins in it). */
  async create(name: string, db?: { query(sql: string, values: unknown[]): Promise<unknown> }): Promise<WorkspaceRef> {
    const id = randomUUID();
    if (db) await db.query(`INSERT INTO workspaces (id, name) VALUES ($1, $2)`, [id, name]);
    else await this.dataSource.getRepository(WorkspaceEntity).insert({ id, name, settings: {} });
    return { id, name };
  }

  /** The workspace with its settings. */
  get(id: string): Promise<WorkspaceEntity> {
    return this.dataSource.getRepository(WorkspaceEntity).findOneByOrFail({ id });
  }

  /** Renames the workspace or merges `settings` into its settings. */
  async update(id: string, input: { name?: string; settings?: Record<string, unknown> }): Promise<WorkspaceEntity> {
    const repository = this.dataSource.getRepository(WorkspaceEntity);
    const entity = await repository.findOneByOrFail({ id });
    if (input.name) entity.name = input.name;
    if (input.settings) entity.settings = { ...entity.settings, ...input.settings };
    await repository.save(entity);
    return entity;
  }

  /** The settings `httpAllowedHosts` of a workspace: hosts its calls may reach on private addresses. */
  async allowedHosts(id: string): Promise<string[]> {
    const entity = await this.dataSource.getRepository(WorkspaceEntity).findOneBy({ id });
    const hosts = entity?.settings.httpAllowedHosts;
    return Array.isArray(hosts) ? hosts.filter((host): host is string => typeof host === 'string') : [];
  }

  /** The workspace whose inbound-webhook URL carries `token`. */
  async idByWebhookToken(token: string): Promise<string | null> {
    const entity = await this.dataSource.getRepository(WorkspaceEntity).findOne({ where: { webhookToken: token }, select: { id: true } });
    return entity?.id ?? null;
  }

  /** Creates an API key for a workspace; `key` is the given one (BOOTSTRAP_API_KEY) or a new random one. */
  async createApiKey(workspaceId: string, name: string, key?: string): Promise<string> {
    return (await this.addApiKey(workspaceId, name, ['admin'], key)).key;
  }

  /** Creates an API key with `scopes`; the answer carries the secret `key`, which is not stored. */
  async addApiKey(workspaceId: string, name: string, scopes: ApiKeyScope[], key = `sb_${randomBytes(24).toString('base64url')}`): Promise<ApiKeyView & { key: string }> {
    const entity: ApiKeyEntity = {
      id: randomUUID(),
      workspaceId,
      name,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 7),
      scopes,
      createdAt: new Date(),
      lastUsedAt: null,
    };
    await this.dataSource.getRepository(ApiKeyEntity).insert(entity);
    return { ...toKeyView(entity), key };
  }

  /** The workspace's API keys, oldest first (never their secrets). */
  async listApiKeys(workspaceId: string): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toKeyView);
  }

  /**
   * Revokes a key: deletes it, and tells every engine process to forget it, so its next request
   * is refused wherever it lands. The workspace's last admin key stays (409): without it nobody
   * could manage the workspace's keys again.
   */
  async revokeApiKey(workspaceId: string, id: string): Promise<void> {
    const hash = await this.dataSource.transaction(async (manager) => {
      // Locks the workspace's keys: two revokes at once cannot each leave the other's admin key last.
      const keys = await manager.query<Array<{ id: string; key_hash: string; scopes: string[] }>>(
        `SELECT id, key_hash, scopes FROM api_keys WHERE workspace_id = $1 ORDER BY id FOR UPDATE`,
        [workspaceId],
      );
      const key = keys.find((row) => row.id === id);
      if (!key) throw ApiError.notFound('API key', id);
      if (key.scopes.includes('admin') && !keys.some((row) => row.id !== id && row.scopes.includes('admin'))) {
        throw new ApiError('CONFLICT', 'This is the last admin key of the workspace: create another admin key before revoking it');
      }
      await manager.query(`DELETE FROM api_keys WHERE id = $1`, [id]);
      return key.key_hash;
    });
    this.forget(hash);
    await this.pubsub.publish(this.revokedChannel, { keyHash: hash });
  }

  /** The workspace of an API key (null: no such key). */
  async findByApiKey(key: string): Promise<WorkspaceRef | null> {
    return (await this.identify(key))?.workspace ?? null;
  }

  /** The workspace, id, name and scopes of an API key (null: no such key). */
  async identify(key: string): Promise<KeyIdentity | null> {
    const hash = hashApiKey(key);
    const cached = this.keyCache.get(hash);
    if (cached && cached.until > Date.now()) return cached.identity;
    const revocations = this.revocations;
    const row = await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('key')
      .innerJoin(WorkspaceEntity, 'workspace', 'workspace.id = key.workspace_id')
      .select(['workspace.id AS id', 'workspace.name AS name', 'key.id AS key_id', 'key.name AS key_name', 'key.scopes AS scopes'])
      .where('key.key_hash = :hash', { hash })
      .getRawOne<{ id: string; name: string; key_id: string; key_name: string; scopes: ApiKeyScope[] }>();
    const identity = row ? { workspace: { id: row.id, name: row.name }, keyId: row.key_id, name: row.key_name, scopes: row.scopes } : null;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    if (revocations === this.revocations) this.keyCache.set(hash, { identity, until: Date.now() + KEY_CACHE_MS });
    if (identity) this.touch(hash);
    return identity;
  }

  /**
   * Records when a key was last used, at most once a minute. Bookkeeping, not the request's
   * work: it is not awaited, and a write Postgres refuses (a full disk, a read-only failover)
   * is logged, never failing the request or, unhandled, the process.
   */
  private touch(hash: string): void {
    this.dataSource
      .query(`UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [hash])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record when an API key was last used'));
  }

  /** The first workspace, created at first start: the operator's (null before there is one). */
  async firstWorkspaceId(): Promise<string | null> {
    const first = await this.dataSource.getRepository(WorkspaceEntity).find({ select: { id: true }, order: { createdAt: 'ASC' }, take: 1 });
    return first[0]?.id ?? null;
  }

  /**
   * On first start: creates the first workspace (whose owner signs up with the setup link,
   * `AccountsService.setupUrl`). With BOOTSTRAP_API_KEY set, makes sure that admin key of the
   * first workspace exists, on every start: automation keeps a key it knows in advance.
   */
  async bootstrap(bootstrapKey?: string): Promise<{ created: boolean; workspace: WorkspaceRef }> {
    const first = await this.dataSource.getRepository(WorkspaceEntity).find({ order: { createdAt: 'ASC' }, take: 1 });
    const workspace = first[0] ? { id: first[0].id, name: first[0].name } : await this.create('My workspace');
    if (bootstrapKey && !(await this.findByApiKey(bootstrapKey))) {
      await this.createApiKey(workspace.id, 'bootstrap', bootstrapKey);
      this.keyCache.delete(hashApiKey(bootstrapKey));
    }
    return { created: !first[0], workspace };
  }
}

function toKeyView(entity: ApiKeyEntity): ApiKeyView {
  return {
    id: entity.id,
    name: entity.name,
    prefix: entity.keyPrefix,
    scopes: entity.scopes as ApiKeyScope[],
    createdAt: entity.createdAt.toISOString(),
    lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
  };
}
