import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { AttendanceHandler } from './attendance.handler';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';

/** RSVPs to events and their occurrences; counts are read with the range (events module). */
@Module({
  imports: [EventsModule],
  controllers: [AttendanceHandler],
  providers: [AttendanceRepository, AttendanceService],
})
export class AttendanceModule {}
