import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { MessagesModule } from '../messages/messages.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SandboxController } from './sandbox.controller';

@Module({ imports: [ConnectionsModule, MessagesModule, WebhooksModule], controllers: [SandboxController] })
export class SandboxModule {}
