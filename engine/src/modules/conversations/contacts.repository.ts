import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { CAMPAIGN_AUDIENCE_MAX } from '@switchboard/shared';
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
   * (number, when, source; the name, tags and attributes go), so an opted-out number stays opted out. `before`
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
         UPDATE contacts k SET name = NULL, tags = '{}', attributes = '{}' FROM unused u
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

  /** The workspace's contacts with every one of `tags` and each attribute equal (`attributes @>`), phone order. */
  async segment(workspaceId: string, tags: string[], attributes: Record<string, unknown>): Promise<Array<{ phone: string; name: string | null; tags: string[] }>> {
    const { rows } = await this.pool.query(
      `SELECT phone, name, tags FROM contacts WHERE workspace_id = $1 AND tags @> $2::text[] AND attributes @> $3::jsonb ORDER BY phone LIMIT $4`,
      [workspaceId, tags, JSON.stringify(attributes), CAMPAIGN_AUDIENCE_MAX + 1],
    );
    return rows;
  }

  /**
   * Imports contacts: a given name replaces the stored one, tags are added, attributes merged
   * (a given key replaces the stored value). An opt-out is never touched.
   */
  async upsertMany(workspaceId: string, contacts: ReadonlyArray<{ phone: string; name: string | null; tags: string[]; attributes: Record<string, unknown> }>): Promise<number> {
    let written = 0;
    for (let start = 0; start < contacts.length; start += 5_000) {
      const chunk = contacts.slice(start, start + 5_000);
      const { rowCount } = await this.pool.query(
        `INSERT INTO contacts AS k (workspace_id, phone, name, tags, attributes, updated_at)
         SELECT $1, x.phone, x.name, ARRAY(SELECT jsonb_array_elements_text(x.tags)), x.attributes, now()
           FROM json_to_recordset($2::json) AS x(phone text, name text, tags jsonb, attributes jsonb)
         ON CONFLICT (workspace_id, phone) DO UPDATE SET
           name = COALESCE(EXCLUDED.name, k.name),
           tags = ARRAY(SELECT DISTINCT t FROM unnest(k.tags || EXCLUDED.tags) AS t ORDER BY t),
           attributes = k.attributes || EXCLUDED.attributes,
           updated_at = now()`,
        [workspaceId, JSON.stringify(chunk.map((contact) => ({ phone: contact.phone, name: contact.name, tags: contact.tags, attributes: contact.attributes })))],
      );
      written += rowCount ?? 0;
    }
    return written;
  }

  /**
   * Changes one contact (creating it when new): tags added and removed (or set), attributes
   * merged with `null` deleting one. The result is checked against the limits in the same
   * statement's caller (`ContactsService`). Returns the contact as stored.
   */
  async update(
    workspaceId: string,
    phone: string,
    change: { name?: string | null; setTags?: string[]; addTags?: string[]; removeTags?: string[]; attributes?: Record<string, unknown> },
  ): Promise<ContactRow> {
    const attributes = change.attributes ?? {};
    const set = Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== null));
    const removed = Object.keys(attributes).filter((key) => attributes[key] === null);
    const { rows } = await this.pool.query<ContactRow>(
      `INSERT INTO contacts AS k (workspace_id, phone, name, tags, attributes, updated_at)
       VALUES ($1, $2, $3, ARRAY(SELECT DISTINCT t FROM unnest(COALESCE($4::text[], $5::text[])) AS t WHERE t <> ALL($6::text[]) ORDER BY t), $7::jsonb, now())
       ON CONFLICT (workspace_id, phone) DO UPDATE SET
         name = CASE WHEN $8::boolean THEN $3 ELSE k.name END,
         tags = ARRAY(SELECT DISTINCT t FROM unnest(COALESCE($4::text[], k.tags || $5::text[])) AS t WHERE t <> ALL($6::text[]) ORDER BY t),
         attributes = (k.attributes - $9::text[]) || $7::jsonb,
         updated_at = now()
       RETURNING phone, name, tags, attributes, opted_out_at, updated_at`,
      [workspaceId, phone, change.name ?? null, change.setTags ?? null, change.addTags ?? [], change.removeTags ?? [], JSON.stringify(set), change.name !== undefined, removed],
    );
    return rows[0]!;
  }

  async get(workspaceId: string, phone: string): Promise<ContactRow | null> {
    const { rows } = await this.pool.query<ContactRow>(`SELECT phone, name, tags, attributes, opted_out_at, updated_at FROM contacts WHERE workspace_id = $1 AND phone = $2`, [workspaceId, phone]);
    return rows[0] ?? null;
  }

  /** Contacts by phone order after `cursor`, with all of `tags`, equal `attributes`, and `q` in the phone or name. */
  async list(workspaceId: string, filter: { tags: string[]; attributes: Record<string, unknown>; q?: string; cursor?: string; limit: number }): Promise<ContactRow[]> {
    const { rows } = await this.pool.query<ContactRow>(
      `SELECT phone, name, tags, attributes, opted_out_at, updated_at FROM contacts
        WHERE workspace_id = $1 AND tags @> $2::text[] AND attributes @> $3::jsonb
          AND ($4::text IS NULL OR phone LIKE '%' || $4 || '%' OR name ILIKE '%' || $4 || '%')
          AND ($5::text IS NULL OR phone > $5)
        ORDER BY phone LIMIT $6`,
      [workspaceId, filter.tags, JSON.stringify(filter.attributes), filter.q ? filter.q.replace(/[%_\\]/g, '') : null, filter.cursor ?? null, filter.limit],
    );
    return rows;
  }
}

export interface ContactRow {
  phone: string;
  name: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  opted_out_at: Date | null;
  updated_at: Date;
}
