import { Module } from '@nestjs/common';
import { ContactsModule } from '../conversations/conversations.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Retention of customer data, run by the sweep of every worker. */
@Module({ imports: [ContactsModule], providers: [RetentionRepository, RetentionService], exports: [RetentionService] })
export class RetentionModule {}
