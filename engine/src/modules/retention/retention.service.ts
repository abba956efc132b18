import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EngineConfig } from '../../config/config';
import { CONFIG, LOGGER } from '../../runtime/tokens';
import { AccountsRepository } from '../accounts/accounts.repository';
import { SessionsService } from '../accounts/sessions.service';
import { RetentionRepository, type Pruned } from './retention.repository';

/** Rows one prune statement removes at most. */
const BATCH_SIZE = 1000;
/** Batches per table per sweep tick: a backlog (the first sweep after an upgrade) drains over several ticks. */
const MAX_BATCHES = 10;

/** Tables in the order they are pruned: messages before the conversations they empty. */
const TABLES = ['messages', 'conversations', 'messageStatuses', 'aiTurns', 'aiConversations', 'emails', 'tasks', 'alerts', 'webhookDeliveries'] as const;
type Table = (typeof TABLES)[number];

export type RetentionCounts = Record<Table | 'contacts' | 'signIns', number> & { errors: number };

/**
 * `RETENTION_DAYS` for the customer data outside runs: part of every sweep tick. Each table is
 * pruned on its own (one that fails is logged and the others go on), in bounded batches; the
 * tick logs what it removed per table.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly repository: RetentionRepository,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sweep(now = new Date()): Promise<RetentionCounts> {
    const before = new Date(now.getTime() - this.config.RETENTION_DAYS * 24 * 60 * 60 * 1000);
    const counts: RetentionCounts = { messages: 0, messageStatuses: 0, conversations: 0, contacts: 0, aiTurns: 0, aiConversations: 0, emails: 0, tasks: 0, alerts: 0, webhookDeliveries: 0, signIns: 0, errors: 0 };
    for (const table of TABLES) {
      try {
        for (let batch = 0; batch < MAX_BATCHES; batch++) {
          const pruned: Pruned = await this.repository[table](before, BATCH_SIZE);
          counts[table] += pruned.rows;
          for (const [other, count] of Object.entries(pruned.also ?? {})) counts[other as Table | 'contacts'] += count;
          if (pruned.rows < BATCH_SIZE) break;
        }
      } catch (error) {
        counts.errors++;
        this.logger.error({ table, err: error }, 'retention: could not prune a table');
      }
    }
    // Sessions, invitations and reset links that expired: refused on use already, removed here.
    try {
      counts.signIns = (await this.sessions.prune()) + (await this.accounts.prune());
    } catch (error) {
      counts.errors++;
      this.logger.error({ err: error }, 'retention: could not remove expired sessions and sign-in links');
    }
    const { errors, ...tables } = counts;
    if (Object.values(tables).some((count) => count > 0)) this.logger.info({ before: before.toISOString(), ...tables, errors }, 'pruned customer data past the retention period');
    return counts;
  }
}
