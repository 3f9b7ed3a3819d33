import { MessagePattern } from '@nestjs/microservices';
import type { CommandDefinition } from '@vv/contracts';

export interface CommandOptions {
  /** Answered even at capacity (health checks: a busy replica is still alive). */
  exempt?: boolean;
}

/** What `@Command` hands the transport with the pattern (Nest's `extras`). */
export interface CommandExtras {
  command: CommandDefinition;
  exempt: boolean;
}

/** A command's Nest pattern, `<service>.<name>.v<N>`; NatsTransport serves it on `<prefix>.cmd.<pattern>`. */
export const commandPattern = (def: CommandDefinition): string =>
  `${def.service}.${def.name}.v${def.version}`;

/**
 * Marks a method of a `*.handler.ts` controller as the answer to a command: Nest's `@MessagePattern`
 * with the contract attached, so guards, interceptors, pipes and exception filters apply. The method
 * receives the request validated against the contract and the `CommandContext`; what it returns is
 * parsed through the response schema.
 */
export const Command = (def: CommandDefinition, options: CommandOptions = {}): MethodDecorator =>
  MessagePattern(commandPattern(def), {
    command: def,
    exempt: options.exempt ?? false,
  } satisfies CommandExtras);
