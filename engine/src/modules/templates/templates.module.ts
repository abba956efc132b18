import { Global, Module } from '@nestjs/common';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Global()
@Module({ providers: [TemplatesService], exports: [TemplatesService] })
export class TemplatesModule {}

/** The templates HTTP API (api role). */
@Module({ controllers: [TemplatesController] })
export class TemplatesApiModule {}
