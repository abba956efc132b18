import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../runtime/tokens';

/** One turn of a customer's AI conversation. */
export interface StoredTurn {
  role: 'customer' | 'assistant';
  text: string;
}

/** `ai_conversations` and `ai_turns`: `ai.generate_reply`'s memory per customer identifier. */
@Injectable()
export class AiConversationsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The conversation of a customer identifier in a workspace, created on first use. */
  async open(workspaceId: string, customerIdentifier: string): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO ai_conversations (id, workspace_id, customer_identifier) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, customer_identifier) DO UPDATE SET updated_at = now()
       RETURNING id`,
      [randomUUID(), workspaceId, customerIdentifier],
    );
    return rows[0]!.id;
  }

  /** The reply a step with this idempotency key stored, if it did. */
  async storedReply(idempotencyKey: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ text: string }>(`SELECT text FROM ai_turns WHERE idempotency_key = $1 AND role = 'assistant'`, [idempotencyKey]);
    return rows[0]?.text ?? null;
  }

  /** The last `limit` turns, oldest first. */
  async history(conversationId: string, limit: number): Promise<StoredTurn[]> {
    const { rows } = await this.pool.query<StoredTurn>(
      `SELECT role, text FROM (
         SELECT role, text, created_at FROM ai_turns WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT $2
       ) recent ORDER BY created_at`,
      [conversationId, limit],
    );
    return rows;
  }

  /** Stores the customer's message and the reply, once per idempotency key. */
  async append(conversationId: string, message: string, reply: string, idempotencyKey: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ai_turns (id, conversation_id, role, text, idempotency_key, created_at)
       VALUES ($1, $3, 'customer', $4, $6, clock_timestamp()), ($2, $3, 'assistant', $5, $6, clock_timestamp() + interval '1 millisecond')
       ON CONFLICT (idempotency_key, role) WHERE idempotency_key IS NOT NULL DO NOTHING`,
      [randomUUID(), randomUUID(), conversationId, message, reply, idempotencyKey],
    );
  }
}
