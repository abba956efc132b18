import { Global, Module } from '@nestjs/common';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';

/** Messages for every role (send steps store them). */
@Global()
@Module({
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessagesModule {}

/** The messages HTTP API (api role). */
@Module({ controllers: [MessagesController] })
export class MessagesApiModule {}
