import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { AttendanceHandler } from './attendance.handler';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';

/** RSVPs to events and their occurrences; counts are read with the range (events module). */
@Module({
  imports: [EventsModule],
  providers: [AttendanceRepository, AttendanceService, AttendanceHandler],
})
export class AttendanceModule {}
