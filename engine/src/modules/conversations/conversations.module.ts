import { Global, Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { CustomerErasureService } from './customer-erasure.service';

/** Conversations and contacts for every role (inbound messages are processed by workers). */
@Global()
@Module({
  providers: [ConversationsService, ContactsRepository],
  exports: [ConversationsService, ContactsRepository],
})
export class ConversationsModule {}

/** The conversations and contacts HTTP API (api role). */
@Module({ controllers: [ConversationsController, ContactsController], providers: [CustomerErasureService] })
export class ConversationsApiModule {}
