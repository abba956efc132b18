import { Module } from '@nestjs/common';
import { ContactsModule } from '../conversations/conversations.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Retention of customer data, and the end of expired sign-in links and sessions, run by the sweep of every worker. */
@Module({ imports: [ContactsModule, WorkspacesModule], providers: [RetentionRepository, RetentionService], exports: [RetentionService] })
export class RetentionModule {}
