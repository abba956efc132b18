import { Global, Module } from '@nestjs/common';
import { InboundWebhooksController } from './inbound-webhooks.controller';
import { InboundProcessor } from './inbound-processor';
import { WebhookSweeper } from './webhook-sweeper';
import { WebhooksController } from './webhooks.controller';

/** Processing what providers tell us, for every role (workers process, the sandbox route too). */
@Global()
@Module({ providers: [InboundProcessor, WebhookSweeper], exports: [InboundProcessor, WebhookSweeper] })
export class WebhooksModule {}

/** The providers' webhook routes and `/webhooks/in/*path` (api role). */
@Module({ controllers: [WebhooksController, InboundWebhooksController] })
export class WebhooksApiModule {}
