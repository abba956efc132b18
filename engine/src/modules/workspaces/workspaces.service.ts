import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../../runtime/tokens';
import { ApiKeyEntity } from './api-key.entity';
import { WorkspaceEntity } from './workspace.entity';

export interface WorkspaceRef {
  id: string;
  name: string;
}

/** The API key a request came with: who acts, for the audit log. */
export interface ApiKeyRef {
  id: string;
  name: string;
}

export interface Authenticated {
  workspace: WorkspaceRef;
  key: ApiKeyRef;
}

const KEY_CACHE_MS = 30_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Workspaces and their API keys. A key is stored as its SHA-256; lookups are cached briefly. */
@Injectable()
export class WorkspacesService {
  private readonly keyCache = new Map<string, { found: Authenticated | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(name: string): Promise<WorkspaceRef> {
    const workspace = this.dataSource.getRepository(WorkspaceEntity).create({ id: randomUUID(), name, settings: {} });
    await this.dataSource.getRepository(WorkspaceEntity).save(workspace);
    return { id: workspace.id, name };
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
  async createApiKey(workspaceId: string, name: string, key = `sb_${randomBytes(24).toString('base64url')}`): Promise<string> {
    await this.dataSource.getRepository(ApiKeyEntity).insert({
      id: randomUUID(),
      workspaceId,
      name,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 7),
      lastUsedAt: null,
    });
    return key;
  }

  async findByApiKey(key: string): Promise<WorkspaceRef | null> {
    return (await this.authenticate(key))?.workspace ?? null;
  }

  /** The workspace of an API key and the key itself (its id and name), or null for an unknown key. */
  async authenticate(key: string): Promise<Authenticated | null> {
    const hash = hashApiKey(key);
    const cached = this.keyCache.get(hash);
    if (cached && cached.until > Date.now()) return cached.found;
    const row = await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('key')
      .innerJoin(WorkspaceEntity, 'workspace', 'workspace.id = key.workspace_id')
      .select(['workspace.id AS id', 'workspace.name AS name', 'key.id AS key_id', 'key.name AS key_name'])
      .where('key.key_hash = :hash', { hash })
      .getRawOne<{ id: string; name: string; key_id: string; key_name: string }>();
    const found = row ? { workspace: { id: row.id, name: row.name }, key: { id: row.key_id, name: row.key_name } } : null;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(hash, { found, until: Date.now() + KEY_CACHE_MS });
    if (found) this.touch(hash);
    return found;
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
   * On first start: creates the default workspace and an API key (BOOTSTRAP_API_KEY, or a
   * generated one that is returned to be printed once). With BOOTSTRAP_API_KEY set on a later
   * start, makes sure that key exists.
   */
  async bootstrap(bootstrapKey?: string): Promise<{ created: boolean; apiKey?: string; workspace: WorkspaceRef }> {
    const first = await this.dataSource.getRepository(WorkspaceEntity).find({ order: { createdAt: 'ASC' }, take: 1 });
    if (first[0]) {
      const workspace = { id: first[0].id, name: first[0].name };
      if (bootstrapKey && !(await this.findByApiKey(bootstrapKey))) {
        await this.createApiKey(workspace.id, 'bootstrap', bootstrapKey);
        this.keyCache.delete(hashApiKey(bootstrapKey));
      }
      return { created: false, workspace };
    }
    const workspace = await this.create('My workspace');
    const apiKey = await this.createApiKey(workspace.id, 'default', bootstrapKey);
    return { created: true, apiKey: bootstrapKey ? undefined : apiKey, workspace };
  }
}
