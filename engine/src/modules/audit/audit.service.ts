import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { auditListQuerySchema, type AuditActor, type AuditEntry, type AuditList, type AuditTarget } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { LOGGER } from '../../runtime/tokens';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import type { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The audit log: who did what to which object of a workspace. Call `record` after the action
 * succeeded (with `manager`, inside the action's transaction: the entry commits with it).
 * Entries name fields, never values: a summary carries no secret and no config value.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Records an entry. Outside a transaction the action has already happened, so a write that
   * fails does not fail the request (a client would retry what is done); it is logged at error
   * level with the whole entry, so the log keeps what the table missed. Inside a transaction
   * (`manager`) it throws and the action rolls back with it.
   */
  async record(workspace: WorkspaceRef | string, actor: AuditActor, action: string, target: AuditTarget, summary: string, manager?: EntityManager): Promise<void> {
    const entry = { id: randomUUID(), workspaceId: typeof workspace === 'string' ? workspace : workspace.id, at: this.nextInstant(), actor, action, target, summary } as AuditEntryEntity;
    if (manager) return this.repository.insert(entry, manager);
    try {
      await this.repository.insert(entry);
    } catch (error) {
      this.logger.error({ err: error, audit: { ...entry, at: entry.at.toISOString() } }, 'audit: could not record an entry');
    }
  }

  /**
   * Now, but never the same millisecond as this process's previous entry: entries are read newest
   * first by `at`, and two actions in one millisecond (a rename then a delete) keep their order.
   */
  private nextInstant(): Date {
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    return new Date(this.lastAt);
  }

  private lastAt = 0;

  async list(workspaceId: string, query: unknown): Promise<AuditList> {
    const filter = parseInput(auditListQuerySchema, query);
    const rows = await this.repository.list(workspaceId, { ...filter, before: filter.cursor ? decodeCursor(filter.cursor) : undefined, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { entries: page.map(view), nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
  }
}

function view(row: AuditEntryEntity): AuditEntry {
  return { id: row.id, at: row.at.toISOString(), actor: row.actor, action: row.action, target: row.target, summary: row.summary };
}

function encodeCursor(row: AuditEntryEntity): string {
  return Buffer.from(JSON.stringify([row.at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && ISO_INSTANT.test(at) && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id)) return { at, id };
  } catch {
    // fall through
  }
  throw ApiError.invalid([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}
