import { Module } from '@nestjs/common';
import { ActivityController } from './activity.controller';
import { ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';

/** `GET /api/activity`: events and what they did to each flow (read only; the ingestor writes the outcomes). */
@Module({ controllers: [ActivityController], providers: [ActivityService, ActivityRepository] })
export class ActivityModule {}
