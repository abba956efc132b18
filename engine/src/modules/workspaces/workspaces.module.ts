import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { WorkspacesService } from './workspaces.service';

@Global()
@Module({
  providers: [WorkspacesService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
