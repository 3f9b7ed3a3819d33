import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { attendanceSet, type ParsedRequestOf, type ResponseOf } from '@vv/contracts';
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { AttendanceService } from './attendance.service';

/** NATS: RSVPs to events. */
@Controller()
export class AttendanceHandler {
  constructor(private readonly attendance: AttendanceService) {}

  @Command(attendanceSet)
  set(
    @Payload() request: ParsedRequestOf<typeof attendanceSet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof attendanceSet>> {
    return this.attendance.set(requireActor(context), request.eventId, request.status, request.occurrence);
  }
}
