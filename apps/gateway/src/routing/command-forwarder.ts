import { Injectable } from '@nestjs/common';
import type { CommandDefinition, RequestOf, ResponseOf } from '@vv/contracts';
import { NatsClientProxy, type CallOptions } from '@vv/platform';
import type { RouteCall } from './route-call';

/** Sends a validated route call to its service over NATS, with the actor, client IP, request id and trace context. */
@Injectable()
export class CommandForwarder {
  constructor(private readonly rpc: NatsClientProxy) {}

  forward<C extends CommandDefinition>(call: RouteCall<C>): Promise<ResponseOf<C>> {
    // The payload was parsed by the request schema, so it is a valid request of the command.
    return this.rpc.call(call.route.command, call.payload as RequestOf<C>, callOptions(call));
  }

  /** Like `forward`, answering the service's JSON bytes unparsed (the service parsed them by the contract). */
  forwardRaw<C extends CommandDefinition>(call: RouteCall<C>): Promise<Uint8Array> {
    return this.rpc.callRaw(call.route.command, call.payload as RequestOf<C>, callOptions(call));
  }
}

const callOptions = (call: RouteCall): CallOptions => ({
  actor: call.actor,
  clientIp: call.clientIp,
  requestId: call.requestId,
  idempotencyKey: call.idempotencyKey,
  traceparent: call.traceparent,
});
