import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AdminController } from './admin.controller';
import { AdminSessions } from './admin-sessions';

/** The operator's views: the queue board's sign-in (the board itself is mounted by `mountQueueBoard`). */
@Module({ imports: [WorkspacesModule], controllers: [AdminController], providers: [AdminSessions], exports: [AdminSessions] })
export class AdminModule {}
