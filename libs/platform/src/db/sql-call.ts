import { createHash } from 'node:crypto';

const FUNCTION_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

const toSnake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const toCamel = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

export type SqlArgs = Record<string, unknown>;

/** The request a call is made for, given to PostgreSQL so the events it writes carry it. */
export interface CallContext {
  requestId: string;
  traceparent?: string;
}

/**
 * `select * from <schema>.<fn>(p_a => $1, p_b => $2)`: the only SQL TypeScript sends. Arguments
 * are named (camelCase key → `p_snake_case`), so their order cannot be wrong; an `undefined`
 * argument is left out and the function's default applies.
 *
 * With a context, the same call in the same statement after `set_config` of `vv.request_id` and
 * `vv.traceparent` (transaction-local, so nothing stays on a pooled connection) — see withContext.
 */
export function buildCall(
  fn: string,
  args: SqlArgs = {},
  context?: CallContext,
): { text: string; values: unknown[] } {
  if (!FUNCTION_NAME.test(fn)) throw new Error(`Not a <schema>.<function> name: ${fn}`);
  const values: unknown[] = [];
  const named: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    values.push(value);
    named.push(`p_${toSnake(key)} => $${values.length}`);
  }
  const call = `${fn}(${named.join(', ')})`;
  if (!context) return { text: `select * from ${call}`, values };
  values.push(context.requestId, context.traceparent ?? '');
  return { text: withContext(call, values.length - 1, values.length), values };
}

/**
 * The settings are made before the function runs because the call is a LATERAL subquery that
 * refers to them: it cannot run before the row that sets them exists (OFFSET 0 keeps the planner
 * from flattening it into a plain join, whose order would be free), and the reference is a
 * one-time filter evaluated before the function scan. Evaluation order between expressions of
 * one query is otherwise undefined in PostgreSQL.
 */
const withContext = (call: string, requestId: number, traceparent: number): string =>
  `select f.* from (select set_config('vv.request_id', $${requestId}, true) as request_id, ` +
  `set_config('vv.traceparent', $${traceparent}, true) as traceparent) ctx ` +
  `cross join lateral (select * from ${call} ` +
  `where ctx.request_id is not null and ctx.traceparent is not null offset 0) f`;

/** Column names seen so far → their camelCase key; bounded by the schema's functions' columns. */
const camelKeys = new Map<string, string>();

const camelKey = (column: string): string => {
  let key = camelKeys.get(column);
  if (key === undefined) {
    key = toCamel(column);
    camelKeys.set(column, key);
  }
  return key;
};

/** Rows come back with camelCase keys and ISO-8601 timestamps, the shape of the contracts. */
export function mapRow<Row>(row: Record<string, unknown>): Row {
  const mapped: Record<string, unknown> = {};
  for (const column in row) {
    const value = row[column];
    mapped[camelKey(column)] = value instanceof Date ? value.toISOString() : value;
  }
  return mapped as Row;
}

/** Statement names handed out, by text; past the bound, calls go unnamed (parsed every time). */
const statementNames = new Map<string, string>();
export const MAX_PREPARED_STATEMENTS = 512;

/**
 * The name under which a call's text is prepared once per connection (node-postgres then sends
 * only Bind/Execute). A call's text is fixed by its function, argument names and whether it carries
 * a context, so the names stay few; the bound keeps a caller with unusual argument sets from
 * filling every connection with statements. A hash of the text: one text, one name, whichever
 * process or connection.
 */
export function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined || statementNames.size >= MAX_PREPARED_STATEMENTS) return known;
  const name = `vv_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  statementNames.set(text, name);
  return name;
}
