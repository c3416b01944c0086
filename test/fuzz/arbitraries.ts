// fast-check arbitraries: hostile strings and numbers, and tool arguments derived from a tool's
// JSON input schema (as `tools/list` gives it): valid-looking values within the schema's bounds,
// hostile values, wrong types, extra fields and missing required fields.
import fc from 'fast-check';

/** The part of JSON Schema the tools' input schemas use. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
}

const META = [
  "'",
  '"',
  '|',
  ';',
  '//',
  '/*',
  '*/',
  '\\',
  '\n',
  '\r\n',
  '`',
  '```',
  '@"',
  'h"',
  '[',
  ']',
  "['",
  "']",
  '(',
  ')',
  '{',
  '}',
  '$',
  '%',
  '%27',
  '..',
  '../',
  '<',
  '>',
  '&',
  '=',
  '==',
  ' or 1==1 ',
  " eq ''",
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u202e',
  '\ud83d\ude00',
  '\ud800',
  '𝔘',
  'İ',
];

const SNIPPETS = [
  '" | take 1 //',
  "' or 1==1 //",
  '"; .drop table SecurityEvent',
  '.show tables',
  '.set-or-append T <| print 1',
  '"]; print pwned=1; let x = datatable(a:string)["',
  ')]; T | take 0 //',
  'SigninLogs | take 1',
  'union * | count',
  'evaluate python(typeof(*), "1")',
  'externaldata(a:string)["https://example.com/x"]',
  "x' or '1' eq '1",
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x7fffffffffffffff',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'C:\\Windows\\win.ini',
  'P1D',
  'PT0S',
  'P-1D',
  'P99999999Y',
  '2024-05-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-00-00',
  '  at Object.<anonymous> (x.js:1:1)',
];

/** Strings a hostile caller would try: metacharacters, injections, control characters, unicode. */
export function hostileString(): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...META),
    fc.constantFrom(...SNIPPETS),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')) },
    { weight: 2, arbitrary: fc.constantFrom(...SNIPPETS, ...META) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant('') },
  );
}

/** Very long strings: past every maxLength the tools declare, some far past. */
export function hugeString(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('A', "'", '"|', '\n', 'é', '\u0000', 'SigninLogs | take 1 '),
      fc.constantFrom(300, 60_000, 300_000),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

const HOSTILE_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -(2 ** 63),
  2 ** 53 + 2,
  2 ** 63,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MIN_VALUE,
];

/** Values of the wrong type for any parameter. */
export function wrongType(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, [], {}, 'NaN', 'Infinity', '-1', '1e999', '1; drop'),
    fc.double(),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
}

/** Valid-looking values for a string parameter, by name (a KQL query for `query`, and so on). */
function plausibleString(name: string, schema: JsonSchema): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
  }
  const byName: Record<string, string[]> = {
    query: [
      'SigninLogs | take 5',
      'SigninLogs | summarize count() by ResultType',
      'Heartbeat | where TimeGenerated > ago(1d) | count',
      'AppAudit_CL | project TimeGenerated | take 3',
      'print x = 1',
      'Inventory_CL | getschema',
      'NoSuchTable | take 1',
      'SigninLogs | where NoSuchColumn == 1',
      'SigninLogs | where',
      'range x from 1 to 100000 step 1 | summarize count()',
      'T | take 10',
    ],
    timespan: ['PT1H', 'P1D', 'P7D', 'P30D', 'PT0S', 'P1Y'],
    start: ['2024-05-01T00:00:00Z', '2024-06-01', '2030-01-01T00:00:00Z'],
    end: ['2024-06-02T00:00:00Z', '2024-05-01T00:00:00Z'],
    filter_pattern: ['Signin', 'Device*Events', '*', '?', 'Heart?eat', '_CL'],
    format: ['table', 'json', 'csv'],
    schema: ['Account:string, EventID:long', 'a:dynamic', 'x:nosuchtype', 'TimeGenerated:datetime'],
    data_csv: ['Account,EventID\nalice,4625\n', 'a\n"x""y"\n', ''],
  };
  const known = byName[name];
  const free = fc.string({ minLength: min, maxLength: Math.min(max, 60) });
  return known ? fc.oneof(fc.constantFrom(...known), free) : free;
}

/** A value for one parameter: mostly valid-looking, often hostile, sometimes of the wrong type. */
export function valueFor(name: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...schema.enum) },
      { weight: 1, arbitrary: hostileString() },
      { weight: 1, arbitrary: wrongType() },
    );
  }
  if (schema.anyOf && schema.anyOf.length > 0) {
    return fc.oneof(...schema.anyOf.map((s) => valueFor(name, s)));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(
        { weight: 4, arbitrary: plausibleString(name, schema) },
        { weight: 4, arbitrary: hostileString() },
        { weight: 1, arbitrary: hugeString() },
        { weight: 1, arbitrary: wrongType() },
      );
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 100_000;
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min, max }) },
        { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, ...HOSTILE_NUMBERS) },
        { weight: 1, arbitrary: fc.double() },
        { weight: 1, arbitrary: wrongType() },
      );
    }
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: wrongType() });
    case 'array': {
      const item = schema.items ? valueFor(name, schema.items) : fc.anything();
      return fc.oneof(
        { weight: 3, arbitrary: fc.array(item, { maxLength: Math.min(schema.maxItems ?? 5, 5) }) },
        { weight: 1, arbitrary: wrongType() },
      );
    }
    case 'object': {
      const props = schema.properties ?? {};
      const keys = Object.keys(props);
      const record =
        keys.length > 0
          ? fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(k, props[k]!)])), { requiredKeys: [] })
          : fc.dictionary(
              fc.oneof(
                fc.constantFrom('Account', 'EventID', 'TimeGenerated', 'x y', '\'"|'),
                hostileString(),
              ),
              fc.oneof(
                hostileString(),
                fc.integer(),
                fc.double(),
                fc.boolean(),
                fc.constant(null),
                fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
                fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
              ),
              { maxKeys: 4 },
            );
      return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: wrongType() });
    }
    default:
      return fc.oneof(hostileString(), wrongType());
  }
}

/** Arguments for a tool: a record from its schema, with extra fields or missing required ones at times. */
export function argumentsFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const keys = Object.keys(props);
  const required = new Set(schema.required ?? []);
  const base: fc.Arbitrary<Record<string, unknown>> =
    keys.length === 0
      ? fc.constant({})
      : fc
          .tuple(
            fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(k, props[k]!)])), {
              requiredKeys: [],
            }),
            // the required keys are present in most calls, so that calls get past argument checks
            fc.boolean(),
            fc.record(
              Object.fromEntries(
                [...required].map((k) => [k, plausibleString(k, props[k] ?? { type: 'string' })]),
              ),
            ),
          )
          .map(([generated, keepRequired, requiredValues]) =>
            keepRequired ? { ...requiredValues, ...generated } : generated,
          );
  const extra = fc.dictionary(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'workspace', 'enable_writes', 'query '),
      fc.string({ maxLength: 8 }),
    ),
    wrongType(),
    { minKeys: 1, maxKeys: 2 },
  );
  return fc.oneof(
    { weight: 6, arbitrary: base },
    { weight: 1, arbitrary: fc.tuple(base, extra).map(([args, more]) => ({ ...more, ...args })) },
  );
}
