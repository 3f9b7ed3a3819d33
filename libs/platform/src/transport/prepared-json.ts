/**
 * A command's answer already serialised — e.g. a page PostgreSQL built as JSON
 * (`messaging.list_posts_page_json`) — that the transport sends as it is: no object is built, parsed
 * or stringified in the service. `T` is the response it stands for, so a handler's type still
 * names its contract. Outside production the transport parses it and checks it against the
 * command's response schema (NatsTransportOptions.checkPreparedResponses), so every test through
 * the transport proves the SQL builds the contract's shape; in production it is trusted.
 */
export class PreparedJson<T = unknown> {
  /** Only for the type: what the JSON is. */
  declare readonly response?: T;

  constructor(readonly json: string) {}
}

/** What a `@Command` method may answer: its response, or that response serialised ahead. */
export type Answer<T> = T | PreparedJson<T>;
