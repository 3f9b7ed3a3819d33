import {
  eventSubject,
  eventType,
  serviceStreamName,
  type EventDefinition,
  type EventEnvelope,
  type ServiceName,
} from '@vv/contracts';
import type { BatchEventHandler, EventHandler } from './event-consumer-options';
import type { DurableDescription, DurableOptions, EventBinding } from './on-event.decorator';

/** A decorated method and the provider it belongs to. */
export interface BoundMethod {
  instance: object;
  binding: EventBinding;
}

/** Settings of one durable, merged from its decorators. */
export type DurableSettings = Omit<DurableOptions, 'durable'>;

/** One durable consumer to run: where it reads, how it dispatches, and its settings. */
export interface DurablePlan extends DurableDescription {
  settings: DurableSettings;
  handler: EventHandler;
  batchHandler?: BatchEventHandler;
}

type Apply = (event: EventEnvelope, tx: Parameters<EventHandler>[1]) => Promise<void>;

const PURPOSE = /^[a-z0-9][a-z0-9-]*$/;
const SETTINGS = [
  'orderBy',
  'maxDeliver',
  'backoffMs',
  'ackWaitMs',
  'batchSize',
  'infrastructureRetry',
  'hook',
  'inbox',
  'enabledBy',
] as const satisfies ReadonlyArray<keyof DurableSettings>;

/** The key events are dispatched by: type and version (a new version is a new contract). */
const contractKey = (def: EventDefinition): string => `${eventType(def)}@v${def.version}`;
const eventKey = (event: EventEnvelope): string => `${event.type}@v${event.version}`;

/**
 * The one JetStream filter (nats-server 2.9 allows one per consumer) that takes every contract:
 * the exact subject of a single one, else the tokens they share, then `>` — e.g.
 * `<prefix>.evt.identity.invitation.>` for invitation.created and invitation.resent.
 */
export function filterSubjectOf(prefix: string, contracts: readonly EventDefinition[]): string {
  const subjects = [...new Set(contracts.map((def) => eventSubject(prefix, def)))];
  if (subjects.length === 1) return subjects[0];
  const base = `${prefix}.evt.`;
  const tails = subjects.map((subject) => subject.slice(base.length).split('.'));
  const shared: string[] = [];
  while (
    tails.every((tail) => shared.length < tail.length - 1 && tail[shared.length] === tails[0][shared.length])
  ) {
    shared.push(tails[0][shared.length]);
  }
  return `${base}${[...shared, '>'].join('.')}`;
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));

function mergeSettings(name: string, methods: readonly BoundMethod[]): DurableSettings {
  const settings: Record<string, unknown> = {};
  for (const { binding } of methods) {
    for (const key of SETTINGS) {
      const value = binding.options[key];
      if (value === undefined) continue;
      if (key in settings && !same(settings[key], value)) {
        throw new Error(`${name}: its decorators disagree on ${key}`);
      }
      settings[key] = value;
    }
  }
  return settings satisfies DurableSettings;
}

/** The function a binding's method is called through, given one event. */
function applierOf({ instance, binding }: BoundMethod, contract: EventDefinition): Apply {
  const method = (instance as Record<string | symbol, unknown>)[binding.method];
  if (typeof method !== 'function') throw new Error(`${String(binding.method)} is not a method`);
  const fn = method as (...args: unknown[]) => Promise<void>;
  if (binding.shape === 'event') {
    return (event, tx) => fn.call(instance, { ...event, data: contract.data.parse(event.data) }, tx);
  }
  return (event, tx) => fn.call(instance, event, tx);
}

function dispatch(
  name: string,
  methods: readonly BoundMethod[],
): Pick<DurablePlan, 'handler' | 'batchHandler'> {
  const batch = methods.find((bound) => bound.binding.shape === 'batch');
  if (batch) {
    if (methods.length > 1) throw new Error(`${name}: a batch method must be its durable's only method`);
    const keys = new Set(batch.binding.contracts.map(contractKey));
    const method = (batch.instance as Record<string | symbol, unknown>)[batch.binding.method];
    if (typeof method !== 'function') throw new Error(`${String(batch.binding.method)} is not a method`);
    const batchHandler: BatchEventHandler = async (events, tx) => {
      const taken = events.filter((event) => keys.has(eventKey(event)));
      if (taken.length > 0) await (method as BatchEventHandler).call(batch.instance, taken, tx);
    };
    return { batchHandler, handler: (event, tx) => batchHandler([event], tx) };
  }
  const appliers = new Map<string, Apply>();
  for (const bound of methods) {
    for (const contract of bound.binding.contracts) {
      const key = contractKey(contract);
      if (appliers.has(key)) throw new Error(`${name}: two methods take ${key}`);
      appliers.set(key, applierOf(bound, contract));
    }
  }
  // Events of other types on the filter are recorded in the inbox and left alone.
  return { handler: async (event, tx) => appliers.get(eventKey(event))?.(event, tx) };
}

/**
 * Groups decorated methods by durable into the consumers to run for `service`: each durable reads
 * one producer's stream, filtered to its contracts, and calls the method of each event's type.
 */
export function planDurables(
  service: ServiceName,
  prefix: string,
  methods: readonly BoundMethod[],
): DurablePlan[] {
  const byDurable = new Map<string, BoundMethod[]>();
  for (const bound of methods) {
    const { durable } = bound.binding.options;
    if (!PURPOSE.test(durable)) throw new Error(`Durable ${durable} must be a purpose in kebab-case`);
    byDurable.set(durable, [...(byDurable.get(durable) ?? []), bound]);
  }
  return [...byDurable].map(([purpose, bound]) => {
    const name = `${service}-${purpose}`;
    const contracts = bound.flatMap((method) => method.binding.contracts);
    const producers = new Set(contracts.map((def) => def.service));
    if (producers.size !== 1) {
      throw new Error(
        `${name}: a durable reads one producer's stream, not ${[...producers].join(', ') || 'none'}`,
      );
    }
    const [producer] = producers;
    return {
      producer,
      stream: serviceStreamName(prefix, producer),
      name,
      filterSubject: filterSubjectOf(prefix, contracts),
      settings: mergeSettings(name, bound),
      ...dispatch(name, bound),
    };
  });
}
