import { Module } from '@nestjs/common';
import type { SecretBox } from '../../common/secret-box';
import { ConnectionsModule } from '../connections/connections.module';
import { SECRET_BOX } from '../connections/connections.service';
import { ContactsModule, ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { TemplatesModule } from '../templates/templates.module';
import { TriggerSecrets } from '../flows/trigger-secrets';
import { WebhookRoutes } from '../flows/webhook-routes';
import { InboundWebhooksController } from './inbound-webhooks.controller';
import { InboundProcessor } from './inbound-processor';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSweeper } from './webhook-sweeper';
import { VoiceWebhooksController } from './voice-webhooks.controller';
import { WebhooksController } from './webhooks.controller';

/** Processing what providers tell us, for every role (workers process, the sandbox route too). */
@Module({
  imports: [ConnectionsModule, ConversationsModule, ContactsModule, MessagesModule, TemplatesModule],
  providers: [InboundProcessor, WebhookSweeper, WebhookDeliveriesRepository],
  exports: [InboundProcessor, WebhookSweeper, WebhookDeliveriesRepository],
})
export class WebhooksModule {}

/** The providers' webhook routes (`/webhooks/whatsapp/:id`, `/webhooks/voice/:id`), `/webhooks/in/*path` and `/api/webhook-deliveries` (api role). */
@Module({
  imports: [WebhooksModule, ConnectionsModule],
  controllers: [WebhooksController, VoiceWebhooksController, InboundWebhooksController, WebhookDeliveriesController],
  providers: [WebhookRoutes, { provide: TriggerSecrets, inject: [SECRET_BOX], useFactory: (box: SecretBox) => new TriggerSecrets(box) }],
})
export class WebhooksApiModule {}
