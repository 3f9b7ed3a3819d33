export type JsonSchema = Record<string, unknown>;

/** A JSON Pointer fragment, `#/a/b~1c`, from its segments. */
export const pointer = (...segments: string[]): string =>
  '#/' + segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Where zod puts a schema's definitions, by target: `$defs` (2020-12) or `definitions` (draft-7). */
const DEFINITION_REFS = ['#/$defs/', '#/definitions/'];

/** Rewrites every `$ref` in place, wherever it is. */
function rewriteRefs(value: unknown, rewrite: (ref: string) => string): void {
  if (Array.isArray(value)) value.forEach((item) => rewriteRefs(item, rewrite));
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.$ref === 'string') object.$ref = rewrite(object.$ref);
    Object.values(object).forEach((item) => rewriteRefs(item, rewrite));
  }
}

const refersToRoot = (value: unknown): boolean => {
  let found = false;
  rewriteRefs(value, (ref) => {
    found ||= ref === '#';
    return ref;
  });
  return found;
};

const componentRef = (name: string): string => pointer('components', 'schemas', name);

/**
 * The reusable schemas of one API document (`components.schemas`). A `#/…` reference is read from
 * the document's root, so a schema zod generated cannot keep its own definitions or point at
 * itself as `#` once it sits inside the document: `place` moves them here.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /**
   * The schema as placed in the document. Its definitions (zod emits them for named schemas and
   * recursive ones) become components under their names; when a name already holds another schema
   * (e.g. the output side of a schema whose input differs) under `<name><variant>`, then
   * `<namespace>.<name>` (always for zod's generated `__schemaN`). A schema that refers to itself
   * as a whole (`#`) becomes the component `<namespace>`, answered as a reference to it.
   */
  place(schema: JsonSchema, namespace: string, variant = ''): JsonSchema {
    const { $schema: _dialect, $defs, definitions, ...root } = schema;
    const defs = { ...(definitions as object | undefined), ...($defs as object | undefined) } as Record<
      string,
      JsonSchema
    >;
    const names = new Map<string, string>();
    const rewrite = (ref: string): string => {
      const prefix = DEFINITION_REFS.find((candidate) => ref.startsWith(candidate));
      if (!prefix) return ref;
      const name = unescapePointer(ref.slice(prefix.length));
      return componentRef(names.get(name) ?? name);
    };
    for (const [name, definition] of Object.entries(defs)) {
      // Compared as it will read once placed (refs among the definitions by their plain names).
      const placed = structuredClone(definition);
      rewriteRefs(placed, rewrite);
      names.set(name, this.nameFor(name, placed, namespace, variant));
    }
    for (const [name, definition] of Object.entries(defs)) {
      rewriteRefs(definition, rewrite);
      this.schemas[names.get(name)!] = definition;
    }
    rewriteRefs(root, rewrite);
    if (!refersToRoot(root)) return root;
    const name = this.nameFor(namespace, root, namespace, '');
    rewriteRefs(root, (ref) => (ref === '#' ? componentRef(name) : ref));
    this.schemas[name] = root;
    return { $ref: componentRef(name) };
  }

  private nameFor(name: string, definition: JsonSchema, namespace: string, variant: string): string {
    const free = (candidate: string): boolean => {
      const existing = this.schemas[candidate] as JsonSchema | undefined;
      return existing === undefined || JSON.stringify(existing) === JSON.stringify(definition);
    };
    if (name.startsWith('__')) return `${namespace}.${name}`;
    const candidates = [name, ...(variant ? [`${name}${variant}`] : []), `${namespace}.${name}`];
    return candidates.find(free) ?? `${namespace}.${name}.${Object.keys(this.schemas).length}`;
  }
}
