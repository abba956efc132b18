import { Global, Module } from '@nestjs/common';
import { InboundProcessor } from './inbound-processor';
import { WebhookSweeper } from './webhook-sweeper';
import { WebhooksController } from './webhooks.controller';

/** Processing what providers tell us, for every role (workers process, the sandbox route too). */
@Global()
@Module({ providers: [InboundProcessor, WebhookSweeper], exports: [InboundProcessor, WebhookSweeper] })
export class WebhooksModule {}

/** The providers' webhook routes (api role). */
@Module({ controllers: [WebhooksController] })
export class WebhooksApiModule {}
