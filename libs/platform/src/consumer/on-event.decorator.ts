import type { InjectionToken } from '@nestjs/common';
import type { EventDataOf, EventDefinition, EventEnvelope } from '@vv/contracts';
import type { SqlCaller } from '../db/database';
import type { CappedBackoff } from './capped-backoff';

const EVENT_BINDINGS = Symbol('vv:event-bindings');

/**
 * What a durable consumer is declared with; any of its decorators may give a setting, and two that
 * give the same one must agree. Defaults are EventConsumer's.
 */
export interface DurableOptions {
  /** The purpose: the durable is `<service>-<durable>` (e.g. `membership-replica`). */
  durable: string;
  /**
   * How events are ordered within the durable: `stream` (the one order there is) applies them in
   * stream order, one batch at a time per process; replicas of the service share the durable, so
   * across processes there is no order and handlers must not depend on one (docs/architecture.md).
   */
  orderBy?: 'stream';
  /** Deliveries before an event whose handler keeps failing is dead-lettered; default 5. */
  maxDeliver?: number;
  /** Waits before redeliveries after a handler error; default 5 s, 30 s, 2 min, 10 min. */
  backoffMs?: number[];
  /** How long JetStream waits for an ack (a process that died mid-event); default 10 s. */
  ackWaitMs?: number;
  /**
   * false: no inbox and no transaction — for effects outside the database that may safely run twice
   * (forgetting cached reads): an event redelivered after a lost ack is applied again, and the
   * handler's `tx` is the plain database. Default true (exactly once, in the inbox's transaction).
   */
  inbox?: boolean;
  /** Events applied in one transaction at most; default 100. */
  batchSize?: number;
  /** Waits between in-place retries while the database or NATS is unavailable. */
  infrastructureRetry?: CappedBackoff;
  /** A provider (a DurableHook) run around the durable's start and stop, e.g. a replica's bootstrap. */
  hook?: InjectionToken;
  /**
   * A provider with an `enabled` flag (a DurableSwitch): the durable runs only in a process where it
   * is true — e.g. the invalidations of a read cache that is off (`ReadCache`) are not consumed.
   */
  enabledBy?: InjectionToken;
}

/** What `enabledBy` names: whether a durable is needed in this process. */
export interface DurableSwitch {
  readonly enabled: boolean;
}

/** The durable consumer a hook is told about: where it reads, under which name, through which filter. */
export interface DurableDescription {
  producer: EventDefinition['service'];
  stream: string;
  /** `<service>-<purpose>`. */
  name: string;
  filterSubject: string;
}

/** Work tied to a durable's life (libs/access's ReplicaBootstrap is one). */
export interface DurableHook {
  /** Before the durable consumer is ensured and started (it may create it, e.g. at the stream's end). */
  prepare(durable: DurableDescription): Promise<unknown>;
  /** Once the durable consumes. */
  start(): void;
  /** Before the durable stops; resolves when the hook's work has ended. */
  stop(): Promise<void>;
}

/** How a decorated method takes its events. */
export type BindingShape = 'event' | 'events' | 'batch';

export interface EventBinding {
  method: string | symbol;
  contracts: readonly EventDefinition[];
  shape: BindingShape;
  options: DurableOptions;
}

/** What an `@OnEvent(contract)` method is given: the envelope, its data parsed by the contract. */
export type EventOf<C extends EventDefinition> = EventEnvelope<EventDataOf<C>>;

type EventMethod<E> = (event: E, tx: SqlCaller) => Promise<void>;
type BatchMethod = (events: readonly EventEnvelope[], tx: SqlCaller) => Promise<void>;
/** A method decorator that only compiles on a method of shape `M`. */
type DecoratorFor<M> = <T extends M>(
  target: object,
  method: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

function bind(binding: Omit<EventBinding, 'method'>): MethodDecorator {
  return (target, method) => {
    const bindings = (Reflect.getMetadata(EVENT_BINDINGS, target) as EventBinding[] | undefined) ?? [];
    Reflect.defineMetadata(EVENT_BINDINGS, [...bindings, { ...binding, method }], target);
  };
}

/**
 * Applies one event of `contract` (its type and version) in the transaction that records it in
 * the durable's inbox; the data is parsed by the contract. Throwing refuses the event: it is
 * redelivered after a backoff and dead-lettered on its last delivery. Several methods (one per
 * contract) may share a durable: the platform filters the producer's stream to what they take and
 * calls each with its type (EventConsumersExplorer).
 */
export function OnEvent<C extends EventDefinition>(
  contract: C,
  options: DurableOptions,
): DecoratorFor<EventMethod<EventOf<C>>> {
  return bind({ contracts: [contract], shape: 'event', options });
}

/**
 * Applies the events of `contracts` (data as published) one by one, or, with `batch: true`, a
 * batch at once: the events of one transaction in stream order; a failed batch is applied again
 * event by event (each as a batch of one), so the method must give the same result either way.
 * A batch method is its durable's only method.
 */
export function OnEvents(
  contracts: readonly EventDefinition[],
  options: DurableOptions & { batch: true },
): DecoratorFor<BatchMethod>;
export function OnEvents(
  contracts: readonly EventDefinition[],
  options: DurableOptions & { batch?: false },
): DecoratorFor<EventMethod<EventEnvelope>>;
export function OnEvents(
  contracts: readonly EventDefinition[],
  { batch, ...options }: DurableOptions & { batch?: boolean },
): MethodDecorator {
  return bind({ contracts, shape: batch ? 'batch' : 'events', options });
}

/** The event bindings of a provider's class (its decorated methods). */
export function eventBindingsOf(instance: object): EventBinding[] {
  return (
    (Reflect.getMetadata(EVENT_BINDINGS, Object.getPrototypeOf(instance) as object) as
      EventBinding[] | undefined) ?? []
  );
}
