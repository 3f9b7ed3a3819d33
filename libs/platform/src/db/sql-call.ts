const FUNCTION_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

const toSnake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const toCamel = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

export type SqlArgs = Record<string, unknown>;

/**
 * `select * from <schema>.<fn>(p_a => $1, p_b => $2)`: the only SQL TypeScript sends. Arguments
 * are named (camelCase key → `p_snake_case`), so their order cannot be wrong; an `undefined`
 * argument is left out and the function's default applies.
 */
export function buildCall(fn: string, args: SqlArgs = {}): { text: string; values: unknown[] } {
  if (!FUNCTION_NAME.test(fn)) throw new Error(`Not a <schema>.<function> name: ${fn}`);
  const values: unknown[] = [];
  const named: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    values.push(value);
    named.push(`p_${toSnake(key)} => $${values.length}`);
  }
  return { text: `select * from ${fn}(${named.join(', ')})`, values };
}

/** Rows come back with camelCase keys and ISO-8601 timestamps, the shape of the contracts. */
export function mapRow<Row>(row: Record<string, unknown>): Row {
  const mapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    mapped[toCamel(key)] = value instanceof Date ? value.toISOString() : value;
  }
  return mapped as Row;
}
