import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { CustomerErasureService } from './customer-erasure.service';

/** Contacts (opt-outs, names) for every role: send steps, inbound messages and retention read and write them. */
@Module({ providers: [ContactsRepository], exports: [ContactsRepository] })
export class ContactsModule {}

/** Conversations for every role (inbound messages are processed by workers). */
@Module({
  imports: [ContactsModule, MessagesModule],
  providers: [ConversationsService],
  exports: [ConversationsService],
})
export class ConversationsModule {}

/** The conversations and contacts HTTP API (api role). */
@Module({ imports: [ConversationsModule, ContactsModule], controllers: [ConversationsController, ContactsController], providers: [CustomerErasureService] })
export class ConversationsApiModule {}
