import { Module } from '@nestjs/common';
import { ContactsModule } from '../conversations/conversations.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';
import { HistoryPartitions } from '../../persistence/history-partitions';

/** Retention of customer data (and the weekly partitions of the history tables), and the end of expired sign-in links and sessions, run by the sweep of every worker. */
@Module({ imports: [ContactsModule, WorkspacesModule], providers: [RetentionRepository, RetentionService, HistoryPartitions], exports: [RetentionService, HistoryPartitions] })
export class RetentionModule {}
