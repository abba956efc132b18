import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../runtime/tokens';
import type { Queryable } from '../messages/messages.repository';

/** Customers of a workspace: their names and their opt-outs of marketing messages. */
@Injectable()
export class ContactsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async isOptedOut(workspaceId: string, phone: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT opted_out_at FROM contacts WHERE workspace_id = $1 AND phone = $2', [workspaceId, phone]);
    return Boolean(rows[0]?.opted_out_at);
  }

  /** Records that the customer wants no more marketing messages (`source`: `keyword:STOP`, `whatsapp:131050`, …). */
  async optOut(workspaceId: string, phone: string, source: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO contacts (workspace_id, phone, opted_out_at, opt_out_source, updated_at) VALUES ($1, $2, now(), $3, now())
       ON CONFLICT (workspace_id, phone) DO UPDATE SET opted_out_at = COALESCE(contacts.opted_out_at, now()), opt_out_source = $3, updated_at = now()`,
      [workspaceId, phone, source],
    );
  }

  /** The customer asked for messages again (START). */
  async optIn(workspaceId: string, phone: string): Promise<void> {
    await this.pool.query(`UPDATE contacts SET opted_out_at = NULL, opt_out_source = NULL, updated_at = now() WHERE workspace_id = $1 AND phone = $2`, [workspaceId, phone]);
  }

  /**
   * Forgets the customers among `customers` of whom nothing is left (no message, no
   * conversation): their contact is deleted, except an opt-out, which stays as the bare fact
   * (number, when, source; the name goes), so an opted-out number stays opted out. `before`
   * keeps a contact changed since then (retention); erasure passes none.
   */
  async forgetUnused(db: Queryable, customers: Array<{ workspaceId: string; phone: string }>, before?: Date): Promise<{ deleted: number; optOutsKept: number }> {
    if (customers.length === 0) return { deleted: 0, optOutsKept: 0 };
    const { rows } = await db.query<{ deleted: number; kept: number }>(
      `WITH customers AS (SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[]) AS c(workspace_id, phone)),
       unused AS (
         SELECT c.* FROM customers c
          WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.workspace_id = c.workspace_id AND m.customer_phone = c.phone)
            AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.workspace_id = c.workspace_id AND v.customer_phone = c.phone)),
       deleted AS (
         DELETE FROM contacts k USING unused u
          WHERE k.workspace_id = u.workspace_id AND k.phone = u.phone AND k.opted_out_at IS NULL AND ($3::timestamptz IS NULL OR k.updated_at < $3)
          RETURNING 1),
       kept AS (
         UPDATE contacts k SET name = NULL FROM unused u
          WHERE k.workspace_id = u.workspace_id AND k.phone = u.phone AND k.opted_out_at IS NOT NULL
          RETURNING 1)
       SELECT (SELECT count(*) FROM deleted)::int AS deleted, (SELECT count(*) FROM kept)::int AS kept`,
      [customers.map((customer) => customer.workspaceId), customers.map((customer) => customer.phone), before ?? null],
    );
    return { deleted: rows[0]?.deleted ?? 0, optOutsKept: rows[0]?.kept ?? 0 };
  }

  async remember(workspaceId: string, phone: string, name: string | null): Promise<void> {
    if (!name) return;
    await this.pool.query(
      `INSERT INTO contacts (workspace_id, phone, name, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (workspace_id, phone) DO UPDATE SET name = $3, updated_at = now() WHERE contacts.name IS DISTINCT FROM $3`,
      [workspaceId, phone, name],
    );
  }
}
