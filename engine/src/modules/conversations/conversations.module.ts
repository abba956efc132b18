import { Global, Module } from '@nestjs/common';
import { ContactsRepository } from './contacts.repository';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';

/** Conversations and contacts for every role (inbound messages are processed by workers). */
@Global()
@Module({
  providers: [ConversationsService, ContactsRepository],
  exports: [ConversationsService, ContactsRepository],
})
export class ConversationsModule {}

/** The conversations HTTP API (api role). */
@Module({ controllers: [ConversationsController] })
export class ConversationsApiModule {}
