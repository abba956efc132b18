import { Module } from '@nestjs/common';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';

/** Messages for every role (send steps store them). */
@Module({
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessagesModule {}

/** The messages HTTP API (api role). */
@Module({ imports: [MessagesModule], controllers: [MessagesController] })
export class MessagesApiModule {}
