import { Injectable } from '@nestjs/common';
import { attendanceSet, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { AttendanceService } from './attendance.service';

/** NATS: RSVPs to events. */
@Injectable()
export class AttendanceHandler {
  constructor(private readonly attendance: AttendanceService) {}

  @CommandHandler(attendanceSet)
  set(
    request: ParsedRequestOf<typeof attendanceSet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof attendanceSet>> {
    return this.attendance.set(requireActor(context), request.eventId, request.status, request.occurrence);
  }
}
