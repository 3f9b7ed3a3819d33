import type { CommandDefinition } from '@vv/contracts';

const COMMAND_HANDLERS = Symbol('vv:command-handlers');

interface HandlerEntry {
  def: CommandDefinition;
  method: string | symbol;
}

/**
 * Marks a method of a `*.handler.ts` provider as the answer to a command. The platform finds the
 * marked methods at start and subscribes them; the method receives the validated request and
 * the command context.
 */
export function CommandHandler(def: CommandDefinition): MethodDecorator {
  return (target, method) => {
    const entries = (Reflect.getMetadata(COMMAND_HANDLERS, target) as HandlerEntry[] | undefined) ?? [];
    Reflect.defineMetadata(COMMAND_HANDLERS, [...entries, { def, method }], target);
  };
}

export function commandHandlersOf(instance: object): HandlerEntry[] {
  return (
    (Reflect.getMetadata(COMMAND_HANDLERS, Object.getPrototypeOf(instance) as object) as
      HandlerEntry[] | undefined) ?? []
  );
}
