import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminSessions } from './admin-sessions';

/** The operator's views: the queue board's sign-in (the board itself is mounted by `mountQueueBoard`). */
@Module({ controllers: [AdminController], providers: [AdminSessions], exports: [AdminSessions] })
export class AdminModule {}
