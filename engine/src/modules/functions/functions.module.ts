import { Module } from '@nestjs/common';
import { FunctionsController } from './functions.controller';
import { FunctionsService } from './functions.service';

/** In-call functions: `GET /api/functions` and `POST /api/functions/:name/invoke` (api role). */
@Module({ controllers: [FunctionsController], providers: [FunctionsService] })
export class FunctionsModule {}
