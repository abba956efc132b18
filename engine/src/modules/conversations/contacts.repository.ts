import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../runtime/tokens';

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

  async remember(workspaceId: string, phone: string, name: string | null): Promise<void> {
    if (!name) return;
    await this.pool.query(
      `INSERT INTO contacts (workspace_id, phone, name, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (workspace_id, phone) DO UPDATE SET name = $3, updated_at = now() WHERE contacts.name IS DISTINCT FROM $3`,
      [workspaceId, phone, name],
    );
  }
}
