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
  minItems?: number;
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
function plausibleString(name: string, schema: JsonSchema, onlyKnown = false): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
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
    table_name: ['SigninLogs', 'Heartbeat', 'AppAudit_CL', 'Inventory_CL', 'SecurityEvent', 'NoSuchTable'],
    // The fixture's objects (test/fixtures/workspace), so that calls reach past NOT_FOUND.
    // (and the demo's: incidents 1047-1049, megan.ortiz, the spray and attacker addresses)
    incident_id: [
      '7f3c1a52-2b8e-4d1f-9a60-0c4e5d6f7a81',
      '42',
      '40',
      '7F3C1A52-2B8E-4D1F-9A60-0C4E5D6F7A81',
      '1047',
      '1049',
    ],
    alert_id: ['5e7f9a1b-3c2d-4e6f-8a0b-1c2d3e4f5a6b'],
    rule_id: ['e2b8f6a4-1d3c-4b7e-9f20-5a6b7c8d9e01', '3c9d2e71-5a4b-4f08-b1c6-7e2d9f0a4b13'],
    template_id: ['48607a29-a26a-4abf-8078-a06dbdd174a4'],
    query_id: ['0a4c6e8f-2b1d-4c3e-8f5a-6b7c8d9e0f12', 'inventory-by-owner'],
    saved_search_id: ['0a4c6e8f-2b1d-4c3e-8f5a-6b7c8d9e0f12', 'inventory-by-owner'],
    watchlist_alias: ['HighValueAssets', 'TrustedIPs', 'highvalueassets'],
    item_id: ['d654e68c-ef56-4494-964a-d2de55d78e68', '902878cd-79ee-43f4-a463-a3b0c7e5c216'],
    connector_id: ['f0cd27d2-5f03-4c06-ba31-d2dc82dcb51d'],
    workbook_id: ['3b6e1f2a-9c4d-4e5f-a6b7-c8d9e0f1a2b3'],
    repository_id: ['789e0c1f-4a3d-43ad-809c-e713b677b04a'],
    rule_name: ['SigninHourly'],
    dcr_name: ['dcr-windows-security'],
    dce_name: ['dce-westeurope'],
    metadata_id: ['analyticsrule-48607a29', 'workbook-3b6e1f2a'],
    setting_name: ['f209187f-1d17-4431-94af-c141bf5f23db'],
    indicator_name: ['1a1a1a1a-0000-4000-8000-000000000001'],
    ip: [
      '203.0.113.9',
      '105.112.84.23',
      '193.233.48.17',
      '10.0.0.1',
      '::1',
      '2001:db8::1',
      '::ffff:8.8.8.8',
      '255.255.255.255',
    ],
    // The RDAP fake's domains (test/rdap-fake): registered, garbled, redirected, unknown.
    domain: ['fernbrooklabs.com', 'kvx-syncupdate.top', 'garbled.com', 'x.moved', 'bücher.de', 'nope.com'],
    user: [
      'ana.silva@example.com',
      '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7',
      'Ana Silva',
      'megan.ortiz@fernbrooklabs.com',
      'megan.ortiz',
    ],
    group_id: ['1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', 'Finance'],
    filter: ['a', 'Ana', 'fin'],
    search: ['pass', 'High', 'a', 'Sign'],
    owner: ['ana.silva@example.com'],
    entity: ['203.0.113.9', 'ana.silva@example.com', '105.112.84.23', 'FB-WS-005'],
    created_within: ['P7D', 'PT1H'],
    created_after: ['2024-05-01T00:00:00Z'],
    created_before: ['2024-06-02T00:00:00Z'],
    modified_after: ['2024-05-01T00:00:00Z'],
    pattern_type: ['ipv4-addr', 'domain-name', 'url'],
    source: ['Microsoft Threat Intelligence', 'rules', 'templates'],
    category: ['Hunting Queries'],
  };
  const known = (byName[name] ?? []).filter(
    (v) => v.length >= min && v.length <= max && (!pattern || pattern.test(v)),
  );
  const free = pattern
    ? fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= max)
    : fc.string({ minLength: min, maxLength: Math.min(max, 60) });
  if (known.length === 0) return free;
  // Careful callers send the known values only (a free string is rarely a valid id or date).
  return onlyKnown ? fc.constantFrom(...known) : fc.oneof(fc.constantFrom(...known), free);
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

/**
 * A value the schema accepts (as far as its JSON Schema says): what a careful caller sends, so that
 * calls get past argument checks into the tools' own code (lookups, filters, cursors, rendering).
 */
export function plausibleFor(name: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if (schema.anyOf && schema.anyOf.length > 0) {
    return fc.oneof(...schema.anyOf.map((s) => plausibleFor(name, s)));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return plausibleString(name, schema, true);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1001) + 1;
      const max = schema.maximum ?? (schema.exclusiveMaximum ?? 100_001) - 1;
      return fc.integer({ min, max: Math.max(min, Math.min(max, 1000)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return schema.items
        ? fc.array(plausibleFor(name, schema.items), {
            minLength,
            maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
          })
        : fc.constant([]);
    }
    case 'object': {
      const props = schema.properties ?? {};
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, plausibleFor(k, v)])), {
        requiredKeys: [],
      });
    }
    default:
      return fc.constant(undefined);
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
  // Careful callers: the required keys and some optional ones, every value of the right shape, no
  // cursor they did not get from a previous page, and a time window given one way only.
  const careful = fc
    .tuple(
      fc.record(
        Object.fromEntries(keys.filter((k) => k !== 'cursor').map((k) => [k, plausibleFor(k, props[k]!)])),
        { requiredKeys: [] },
      ),
      fc.record(Object.fromEntries([...required].map((k) => [k, plausibleFor(k, props[k] ?? {})]))),
    )
    .map(([optional, requiredValues]) => {
      const args: Record<string, unknown> = { ...optional, ...requiredValues };
      if ('timespan' in args) {
        delete args['start'];
        delete args['end'];
      }
      return args;
    });
  return fc.oneof(
    { weight: 6, arbitrary: base },
    { weight: 4, arbitrary: careful },
    { weight: 1, arbitrary: fc.tuple(base, extra).map(([args, more]) => ({ ...more, ...args })) },
  );
}
