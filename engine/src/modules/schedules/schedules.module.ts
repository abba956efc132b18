import { Module } from '@nestjs/common';
import { SchedulesService } from './schedules.service';

/** Schedule triggers for every role: publishing stores them, workers fire them. */
@Module({ providers: [SchedulesService], exports: [SchedulesService] })
export class SchedulesModule {}
