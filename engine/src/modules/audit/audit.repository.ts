import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  before?: { at: string; id: string };
  limit: number;
}

/** The `audit_log` table: entries are only ever added, and read newest first per workspace. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds an entry; with `manager`, inside the caller's transaction. */
  async insert(entry: AuditEntryEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(AuditEntryEntity).insert(entry);
  }

  list(workspaceId: string, filter: AuditFilter): Promise<AuditEntryEntity[]> {
    const builder = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('entry')
      .where('entry.workspace_id = :workspaceId', { workspaceId })
      .orderBy('entry.at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .take(filter.limit);
    if (filter.actor) builder.andWhere(`(entry.actor ->> 'id' = :actor OR entry.actor ->> 'name' = :actor OR entry.actor ->> 'email' = :actor)`, { actor: filter.actor });
    if (filter.action?.endsWith('.')) builder.andWhere(`left(entry.action, :length) = :prefix`, { length: filter.action.length, prefix: filter.action });
    else if (filter.action) builder.andWhere('entry.action = :action', { action: filter.action });
    if (filter.from) builder.andWhere('entry.at >= :from', { from: filter.from });
    if (filter.to) builder.andWhere('entry.at < :to', { to: filter.to });
    if (filter.before) builder.andWhere('(entry.at, entry.id) < (:at, :id)', filter.before);
    return builder.getMany();
  }
}
