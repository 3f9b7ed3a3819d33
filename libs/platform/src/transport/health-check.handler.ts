import { Controller, Inject, type Type } from '@nestjs/common';
import { healthCheckCommand, type HealthReport, type ServiceName } from '@vv/contracts';
import { Health } from '../ops/health';
import { Command } from './command.decorator';

/**
 * The service's `health.check` command, bound like any other `@Command` and exempt from load
 * shedding (a busy replica is still alive). A class per service, since the contract names it.
 */
export function healthCheckHandler(service: ServiceName): Type {
  @Controller()
  class HealthCheckHandler {
    constructor(@Inject(Health) private readonly health: Health) {}

    @Command(healthCheckCommand(service), { exempt: true })
    check(): Promise<HealthReport> {
      return this.health.report();
    }
  }
  return HealthCheckHandler;
}
