// Shape comparison for contract tests: does a body have every property an official example (or a
// swagger schema) has, nested the same way, with the same JSON type? Values may differ.

export type JsonType = 'undefined' | 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

export function jsonType(value: unknown): JsonType {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Where `actual` lacks or mistypes something `example` has. `ignore` lists paths not compared
 * (`properties.searchResults`, `tables[].rows[][]`); a `null` in the example only asks for presence,
 * and an empty array matches any example array (how many items there are is a value, not a shape).
 */
export function shapeMismatches(
  example: unknown,
  actual: unknown,
  ignore: readonly string[] = [],
  path = '',
): string[] {
  if (ignore.includes(path)) return [];
  const expected = jsonType(example);
  const got = jsonType(actual);
  if (expected === 'null') return [];
  if (expected !== got) return [`${path || '(root)'}: ${got} where the example has ${expected}`];
  if (expected === 'array') {
    const items = example as unknown[];
    const actualItems = actual as unknown[];
    if (items.length === 0) return [];
    return actualItems.flatMap((item) => shapeMismatches(items[0], item, ignore, `${path}[]`));
  }
  if (expected === 'object') {
    const e = example as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    return Object.keys(e).flatMap((key) => {
      const sub = join(path, key);
      if (ignore.includes(sub)) return [];
      if (!(key in a)) return [`${sub}: missing`];
      return shapeMismatches(e[key], a[key], ignore, sub);
    });
  }
  return [];
}

export interface SwaggerSchema {
  type?: string;
  $ref?: string;
  properties?: Record<string, SwaggerSchema>;
  required?: string[];
  items?: SwaggerSchema;
}

const SWAGGER_TYPES: Record<string, JsonType[]> = {
  object: ['object'],
  array: ['array'],
  string: ['string'],
  integer: ['number'],
  number: ['number'],
  boolean: ['boolean'],
};

/**
 * Where `value` breaks a swagger 2.0 schema: required properties missing, known properties mistyped
 * (paths in `ignore` skipped).
 */
export function schemaMismatches(
  schema: SwaggerSchema,
  definitions: Record<string, SwaggerSchema>,
  value: unknown,
  ignore: readonly string[] = [],
  path = '',
): string[] {
  if (ignore.includes(path)) return [];
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = definitions[name];
    return target
      ? schemaMismatches(target, definitions, value, ignore, path)
      : [`${path}: unresolved ${schema.$ref}`];
  }
  const allowed = schema.type ? SWAGGER_TYPES[schema.type] : undefined;
  if (allowed && !allowed.includes(jsonType(value)))
    return [`${path || '(root)'}: ${jsonType(value)} where the schema has ${schema.type}`];
  if (jsonType(value) === 'array' && schema.items) {
    const items = schema.items;
    return (value as unknown[]).flatMap((item) =>
      schemaMismatches(items, definitions, item, ignore, `${path}[]`),
    );
  }
  if (jsonType(value) !== 'object') return [];
  const record = value as Record<string, unknown>;
  const missing = (schema.required ?? [])
    .filter((key) => !(key in record))
    .map((key) => `${join(path, key)}: missing (required)`);
  const typed = Object.entries(schema.properties ?? {}).flatMap(([key, sub]) =>
    key in record ? schemaMismatches(sub, definitions, record[key], ignore, join(path, key)) : [],
  );
  return [...missing, ...typed];
}
