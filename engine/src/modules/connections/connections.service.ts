import { randomBytes, randomUUID } from 'node:crypto';
import type { ConnectionLimits, ConnectionView } from '@switchboard/shared';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { SecretBox } from '../../common/secret-box';
import { parseInput } from '../../common/validation';
import { ConnectionEntity } from './connection.entity';
import { effectiveSendRate, pairPaceOf } from './sender-limit-facts';
import { SenderLimits } from './sender-limits';
import type { EngineConfig } from '../../config/config';
import { CONFIG } from '../../runtime/tokens';
import { createConnectionSchema, isVoice, isWhatsApp, voiceUrlToken, providerDefaults, providerNames, providerSpec, updateConnectionSchema } from '@switchboard/shared';

export const SECRET_BOX = Symbol('SECRET_BOX');

/** A connection as the adapters use it: with its secrets decrypted. */
export interface ResolvedConnection {
  id: string;
  workspaceId: string;
  provider: string;
  config: Record<string, unknown>;
}


const RESOLVE_CACHE_MS = 5_000;
/** Connections kept resolved at most; only ones that exist are kept (random ids on the public webhook route cost nothing). */
const RESOLVE_CACHE_SIZE = 5_000;

@Injectable()
export class ConnectionsService {
  private readonly resolved = new Map<string, { connection: ResolvedConnection | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SECRET_BOX) private readonly secretBox: SecretBox,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly limits: SenderLimits,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(ConnectionEntity);
  }

  async create(workspaceId: string, body: unknown): Promise<ConnectionView> {
    const input = parseInput(createConnectionSchema, body);
    const config = this.parseConfig(input.provider, input.config);
    // A voice platform that signs nothing is known by a token in its webhook URL: made here when not given.
    if (voiceUrlToken(input.provider) && config.token === undefined) config.token = randomBytes(24).toString('hex');
    const now = new Date();
    const entity = this.repository.create({ id: randomUUID(), workspaceId, name: input.name, provider: input.provider, ...this.split(input.provider, config), createdAt: now, updatedAt: now });
    await this.repository.save(entity);
    return this.view(entity);
  }

  async list(workspaceId: string): Promise<ConnectionView[]> {
    const rows = await this.repository.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
    return Promise.all(rows.map((row) => this.view(row)));
  }

  async get(workspaceId: string, id: string): Promise<ConnectionView> {
    return this.view(await this.find(workspaceId, id));
  }

  async update(workspaceId: string, id: string, body: unknown): Promise<ConnectionView> {
    const input = parseInput(updateConnectionSchema, body);
    const entity = await this.find(workspaceId, id);
    if (input.name !== undefined) entity.name = input.name;
    if (input.config !== undefined) {
      // Secrets left out of a PATCH keep their stored value — unless it moves them elsewhere.
      const secrets = this.secretsOf(entity);
      this.checkSecretsStayBound(entity, secrets, input.config);
      const merged = { ...secrets, ...entity.config, ...input.config };
      Object.assign(entity, this.split(entity.provider, this.parseConfig(entity.provider, merged)));
    }
    entity.updatedAt = new Date();
    await this.repository.save(entity);
    this.resolved.delete(id);
    return this.view(entity);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    const entity = await this.find(workspaceId, id);
    await this.repository.delete({ id: entity.id });
    this.resolved.delete(id);
  }

  /** For the adapters: the connection with its secrets, if it belongs to the workspace (cached briefly). */
  async resolve(workspaceId: string, id: string): Promise<ResolvedConnection | null> {
    const connection = await this.resolveAny(id);
    return connection && connection.workspaceId === workspaceId ? connection : null;
  }

  /** The workspace's first Meta connection with this `phoneNumberId`, resolved; null when none has it. */
  async metaByNumber(workspaceId: string, phoneNumberId: string): Promise<ResolvedConnection | null> {
    const [row] = (await this.repository.query(
      `SELECT id FROM connections WHERE workspace_id = $1 AND provider = 'whatsapp.meta' AND config->>'phoneNumberId' = $2 ORDER BY created_at LIMIT 1`,
      [workspaceId, phoneNumberId],
    )) as Array<{ id: string }>;
    return row ? this.resolve(workspaceId, row.id) : null;
  }

  /** The ids of the workspace's Meta connections on this WhatsApp Business Account (they share its templates). */
  async metaIdsByWaba(workspaceId: string, wabaId: string): Promise<string[]> {
    const rows = (await this.repository.query(
      `SELECT id FROM connections WHERE workspace_id = $1 AND provider = 'whatsapp.meta' AND config->>'wabaId' = $2 ORDER BY created_at`,
      [workspaceId, wabaId],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** A connection by id whatever its workspace: for provider webhooks, which the id itself identifies. */
  async resolveAny(id: string): Promise<ResolvedConnection | null> {
    const cached = this.resolved.get(id);
    let connection: ResolvedConnection | null;
    if (cached && cached.until > Date.now()) {
      connection = cached.connection;
    } else {
      const entity = z.uuid().safeParse(id).success ? await this.repository.findOne({ where: { id } }) : null;
      connection = entity ? { id: entity.id, workspaceId: entity.workspaceId, provider: entity.provider, config: { ...entity.config, ...this.secretsOf(entity) } } : null;
      if (connection) {
        // Least recently resolved goes first (a Map keeps insertion order).
        this.resolved.delete(id);
        if (this.resolved.size >= RESOLVE_CACHE_SIZE) this.resolved.delete(this.resolved.keys().next().value!);
        this.resolved.set(id, { connection, until: Date.now() + RESOLVE_CACHE_MS });
      }
    }
    return connection;
  }

  private async find(workspaceId: string, id: string): Promise<ConnectionEntity> {
    const entity = z.uuid().safeParse(id).success ? await this.repository.findOne({ where: { id, workspaceId } }) : null;
    if (!entity) throw ApiError.notFound('Connection', id);
    return entity;
  }

  /**
   * Secrets stay bound to the destination they were entered for: a change of a base URL, host or
   * URL that keeps stored secrets would send them to the new place. It needs them again.
   */
  private checkSecretsStayBound(entity: ConnectionEntity, secrets: Record<string, unknown>, change: Record<string, unknown>): void {
    const spec = providerSpec(entity.provider)!;
    const current: Record<string, unknown> = { ...entity.config, ...secrets };
    const moved = (spec.destinationFields ?? []).filter((field) => field in change && JSON.stringify(change[field]) !== JSON.stringify(current[field]));
    if (moved.length === 0) return;
    const kept = Object.keys(secrets).filter((field) => !(field in change));
    if (kept.length === 0) return;
    throw ApiError.invalid(
      kept.map((field) => ({
        field: `config.${field}`,
        message: `give ${field} again: ${moved.join(' and ')} changes where it is sent, and a stored secret is only sent where it was entered`,
      })),
    );
  }

  private parseConfig(provider: string, config: unknown): Record<string, unknown> {
    const spec = providerSpec(provider);
    if (!spec) {
      throw ApiError.invalid([{ field: 'provider', message: `unknown provider "${provider}"; available: ${providerNames().join(', ')}` }]);
    }
    return parseInput(spec.config, config, 'config') as Record<string, unknown>;
  }

  private split(provider: string, config: Record<string, unknown>): Pick<ConnectionEntity, 'config' | 'secrets'> {
    const secretFields = new Set(providerSpec(provider)!.secretFields);
    const secrets = Object.fromEntries(Object.entries(config).filter(([key]) => secretFields.has(key)));
    const open = Object.fromEntries(Object.entries(config).filter(([key]) => !secretFields.has(key)));
    return { config: open, secrets: Object.keys(secrets).length > 0 ? this.secretBox.seal(JSON.stringify(secrets)) : null };
  }

  /** What paces a WhatsApp sender: what Meta last said, the connection's own settings, and today's count. */
  private async limitsView(entity: ConnectionEntity): Promise<ConnectionLimits> {
    const [stored, customersLast24h] = await Promise.all([this.limits.limitsOf(entity.id), this.limits.customersLast24h(entity.id)]);
    const config = entity.config;
    const ownLimit = typeof config.dailyCustomerLimit === 'number' ? config.dailyCustomerLimit : null;
    const rate = typeof config.sendRatePerSecond === 'number' ? config.sendRatePerSecond : null;
    const defaultRate = providerDefaults(entity.provider).sendRatePerSecond;
    return {
      tier: stored?.tier ?? null,
      dailyCustomerLimit: ownLimit ?? stored?.dailyLimit ?? null,
      customersLast24h,
      qualityRating: stored?.qualityRating ?? null,
      throughputPerSecond: rate === null ? null : effectiveSendRate(rate, typeof defaultRate === 'number' ? defaultRate : undefined, stored?.throughputPerSecond),
      pairIntervalSeconds: typeof config.pairIntervalSeconds === 'number' ? config.pairIntervalSeconds : null,
      pairBurst: pairPaceOf(config).burst,
      updatedAt: stored ? stored.updatedAt.toISOString() : null,
    };
  }

  /**
   * Where the provider is to send its webhooks: WhatsApp senders (not the sandbox) and voice
   * platforms. A voice platform that signs nothing gets the connection's token in the query.
   */
  private webhookUrl(entity: ConnectionEntity): string | null {
    const base = this.config.PUBLIC_URL.replace(/\/+$/, '');
    if (isWhatsApp(entity.provider) && entity.provider !== 'whatsapp.sandbox') return `${base}/webhooks/whatsapp/${entity.id}`;
    if (!isVoice(entity.provider)) return null;
    const url = `${base}/webhooks/voice/${entity.id}`;
    if (!voiceUrlToken(entity.provider)) return url;
    const token = this.secretsOf(entity).token;
    return typeof token === 'string' ? `${url}?token=${encodeURIComponent(token)}` : url;
  }

  private secretsOf(entity: ConnectionEntity): Record<string, unknown> {
    return entity.secrets ? (JSON.parse(this.secretBox.open(entity.secrets)) as Record<string, unknown>) : {};
  }

  private async view(entity: ConnectionEntity): Promise<ConnectionView> {
    return {
      id: entity.id,
      name: entity.name,
      provider: entity.provider,
      config: entity.config,
      secrets: Object.keys(this.secretsOf(entity)),
      webhookUrl: this.webhookUrl(entity),
      limits: isWhatsApp(entity.provider) ? await this.limitsView(entity) : null,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}
