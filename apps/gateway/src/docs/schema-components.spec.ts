import { z } from 'zod';
import { SchemaComponents, type JsonSchema } from './schema-components';

const jsonSchemaOf = (schema: z.ZodType, target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12') =>
  z.toJSONSchema(schema, { target, unrepresentable: 'any' }) as JsonSchema;

interface Tree {
  name: string;
  children: Tree[];
}
const tree: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string(), children: z.array(tree) }));

describe('SchemaComponents.place', () => {
  it('moves a schema that refers to itself as a whole (#) to a component named after its place', () => {
    const components = new SchemaComponents();
    expect(jsonSchemaOf(tree)).toMatchObject({ properties: { children: { items: { $ref: '#' } } } });
    expect(components.place(jsonSchemaOf(tree), 'treePut.request')).toEqual({
      $ref: '#/components/schemas/treePut.request',
    });
    expect(components.schemas['treePut.request']).toMatchObject({
      properties: { children: { items: { $ref: '#/components/schemas/treePut.request' } } },
    });
  });

  it('moves definitions ($defs or definitions) to components and shares an identical one by name', () => {
    const label = z.object({ text: z.string() }).meta({ id: 'Label' });
    const components = new SchemaComponents();
    const a = components.place(jsonSchemaOf(z.object({ label })), 'a');
    const b = components.place(jsonSchemaOf(z.object({ other: label }), 'draft-7'), 'b');
    expect(a).toMatchObject({ properties: { label: { $ref: '#/components/schemas/Label' } } });
    expect(b).toMatchObject({ properties: { other: { $ref: '#/components/schemas/Label' } } });
    expect(Object.keys(components.schemas)).toEqual(['Label']);
    expect(a).not.toHaveProperty('$defs');
  });

  it('names a different schema of a taken name <name><variant>, then <namespace>.<name>', () => {
    const components = new SchemaComponents();
    const named = (max: number) => z.object({ text: z.string().max(max) }).meta({ id: 'Text' });
    components.place(jsonSchemaOf(z.object({ t: named(1) })), 'one');
    const two = components.place(jsonSchemaOf(z.object({ t: named(2) })), 'two', 'Input');
    const three = components.place(jsonSchemaOf(z.object({ t: named(3) })), 'three', 'Input');
    expect(two).toMatchObject({ properties: { t: { $ref: '#/components/schemas/TextInput' } } });
    expect(three).toMatchObject({ properties: { t: { $ref: '#/components/schemas/three.Text' } } });
    expect(Object.keys(components.schemas)).toEqual(['Text', 'TextInput', 'three.Text']);
  });

  it("keeps zod's generated definition names apart by namespace", () => {
    const components = new SchemaComponents();
    const placed = components.place(jsonSchemaOf(z.object({ tree })), 'forest');
    const [ref] = JSON.stringify(placed).match(/#\/components\/schemas\/[\w.]+/) ?? [];
    expect(ref).toMatch(/^#\/components\/schemas\/forest\.__schema\d+$/);
    expect(Object.keys(components.schemas)).toEqual([ref!.slice('#/components/schemas/'.length)]);
  });
});
