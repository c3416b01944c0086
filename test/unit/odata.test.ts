// OData filters as data (src/util/odata.ts): what the Azure backend serializes, the fake parses back
// to the same tree (so a caller's value can only ever be a literal); the strict parser refuses
// anything else; the evaluator (local backend and fake) has the semantics the tools rely on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  allOf,
  anyOf,
  matchesFilter,
  ODataSyntaxError,
  parseFilter,
  parseOrderBy,
  serializeFilter,
  serializeOrderBy,
  sortByOrder,
  valueAt,
  type ODataFilter,
  type ODataValue,
} from '../../src/util/odata.js';
import { ToolError } from '../../src/util/errors.js';

const RUNS = { numRuns: 500 };

/** Strings the grammar could confuse with its own syntax, mixed into arbitrary text. */
const NASTY = [
  "'",
  "''",
  "')",
  '(',
  ')',
  ',',
  ' or ',
  ' and ',
  ' eq ',
  'not ',
  "' or 1 eq 1 or '",
  "x') or (properties/status eq 'Closed",
  'contains(',
  'true',
  'null',
  '2024-01-01T00:00:00Z',
  '-1',
  '/',
  '\\',
  '"',
  '%27',
  'ü𝔘',
];

// Control characters other than tab, CR and LF are refused by odataString (INVALID_ARGUMENT).
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

const value: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 })), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''))
  .filter(noControl);

const segment = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((s) => !RESERVED_WORDS.has(s));
const RESERVED_WORDS = new Set(
  'eq ne gt ge lt le contains startswith endswith and or not true false null'.split(' '),
);
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => p.join('/'));

const date = fc.date({
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});
const literal: fc.Arbitrary<ODataValue> = fc.oneof(
  value,
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  date,
);

const filter: fc.Arbitrary<ODataFilter> = fc.letrec<{ f: ODataFilter }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      op: fc.constantFrom(
        'eq' as const,
        'ne' as const,
        'gt' as const,
        'ge' as const,
        'lt' as const,
        'le' as const,
      ),
      path,
      value: literal,
    }),
    fc.record({
      op: fc.constantFrom('contains' as const, 'startswith' as const, 'endswith' as const),
      path,
      value,
    }),
    fc.record({ op: fc.constant('not' as const), arg: tie('f') }),
    fc.record({
      op: fc.constantFrom('and' as const, 'or' as const),
      args: fc.array(tie('f'), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).f;

/** serializeFilter writes `(x)` for a one-argument and/or: the parser gives back `x` (plain objects). */
function normalize(f: ODataFilter): ODataFilter {
  switch (f.op) {
    case 'and':
    case 'or':
      return f.args.length === 1 ? normalize(f.args[0]!) : { op: f.op, args: f.args.map(normalize) };
    case 'not':
      return { op: 'not', arg: normalize(f.arg) };
    default:
      return { ...f };
  }
}

test('serialize then parse gives back the same tree, whatever the values', () => {
  fc.assert(
    fc.property(filter, (f) => {
      const text = serializeFilter(f);
      assert.deepEqual(parseFilter(text), normalize(f), text);
    }),
    RUNS,
  );
});

test('a hostile value stays one literal: the tree has one predicate with that exact value', () => {
  fc.assert(
    fc.property(value, path, fc.constantFrom('eq', 'contains', 'startswith'), (v, p, op) => {
      const f = { op, path: p, value: v } as ODataFilter;
      const text = serializeFilter(f);
      assert.deepEqual(parseFilter(text), f);
      // ... and it matches exactly the objects whose property has that value.
      const object = { properties: {} as Record<string, unknown> };
      let cursor = object as Record<string, unknown>;
      const keys = p.split('/');
      keys.forEach((k, i) => {
        cursor[k] = i === keys.length - 1 ? v : {};
        cursor = cursor[k] as Record<string, unknown>;
      });
      assert.equal(matchesFilter(parseFilter(text), object), true);
    }),
    RUNS,
  );
});

test('known injection attempts parse to literals', () => {
  const attempt = "x') or (properties/status eq 'Closed";
  const text = serializeFilter({
    op: 'and',
    args: [
      { op: 'eq', path: 'properties/status', value: 'Active' },
      { op: 'contains', path: 'properties/title', value: attempt },
    ],
  });
  assert.equal(
    text,
    "(properties/status eq 'Active') and (contains(properties/title,'x'') or (properties/status eq ''Closed'))",
  );
  assert.deepEqual(parseFilter(text), {
    op: 'and',
    args: [
      { op: 'eq', path: 'properties/status', value: 'Active' },
      { op: 'contains', path: 'properties/title', value: attempt },
    ],
  });
  const closed = { properties: { status: 'Closed', title: 'anything' } };
  assert.equal(matchesFilter(parseFilter(text), closed), false);
});

test('numbers and dates round-trip, exponents and fractional seconds included', () => {
  for (const n of [0, -1, 1.5, 1e21, 1e-7, -2.5e-300, Number.MAX_SAFE_INTEGER]) {
    const f: ODataFilter = { op: 'ge', path: 'properties/confidence', value: n };
    assert.deepEqual(parseFilter(serializeFilter(f)), f);
  }
  const d = new Date('2024-05-01T10:20:30.123Z');
  assert.equal(serializeFilter({ op: 'gt', path: 'a', value: d }), 'a gt 2024-05-01T10:20:30.123Z');
  assert.deepEqual(parseFilter('a gt 2020-04-15T20:11:57.9666134Z'), {
    op: 'gt',
    path: 'a',
    value: new Date('2020-04-15T20:11:57.966Z'),
  });
  assert.deepEqual(parseFilter('a lt 2024-01-01T00:00+02:00'), {
    op: 'lt',
    path: 'a',
    value: new Date('2023-12-31T22:00:00Z'),
  });
});

test('the serializer refuses what it cannot write safely', () => {
  const refused: ODataFilter[] = [
    { op: 'eq', path: 'properties/x y', value: 1 },
    { op: 'eq', path: "a'", value: 1 },
    { op: 'eq', path: 'a/', value: 1 },
    { op: 'eq', path: 'not', value: 1 },
    { op: 'eq', path: 'contains', value: 1 },
    { op: 'eq', path: 'a', value: 'bell\u0007' },
    { op: 'eq', path: 'a', value: Number.NaN },
    { op: 'eq', path: 'a', value: Number.POSITIVE_INFINITY },
    { op: 'eq', path: 'a', value: new Date(Number.NaN) },
    { op: 'eq', path: 'a', value: new Date(Date.UTC(10000, 0, 1)) },
    { op: 'and', args: [] },
  ];
  for (const f of refused) {
    assert.throws(
      () => serializeFilter(f),
      (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
      JSON.stringify(f),
    );
  }
  assert.throws(() => serializeOrderBy({ path: 'a b', direction: 'asc' }), ToolError);
});

test('the parser rejects garbage with a position', () => {
  const garbage = [
    '',
    'a',
    'a eq',
    'eq 1',
    "a eq 'unterminated",
    'a eq 1 b',
    'a eq 1 and',
    'a eq 1 or or b eq 2',
    '(a eq 1',
    'a eq 1)',
    'a eqq 1',
    'a EQ 1',
    'a eq x',
    'a eq 1; drop',
    'a\teq 1',
    "contains(a 'x')",
    'contains(a,1)',
    "contains(a,'x'",
    "substringof('x',a)",
    'a/b/ eq 1',
    'not eq 1',
    'true eq 1',
    'a eq 2024-13-45T00:00:00Z',
    'a eq 1e999',
    "a eq 'x' 'y'",
    'a in (1,2)',
    'a eq 1 and ()',
    '$filter=a eq 1',
  ];
  for (const text of garbage) {
    assert.throws(
      () => parseFilter(text),
      (e: unknown) => e instanceof ODataSyntaxError && /at position \d+$/.test(e.message),
      JSON.stringify(text),
    );
  }
});

test('random text either fails to parse or parses to a tree that serializes back to a parse of itself', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constantFrom(...NASTY, 'a', 'eq', '1', ' '), fc.string({ maxLength: 4 })), {
        maxLength: 10,
      }),
      (parts) => {
        const text = parts.join('');
        let tree: ODataFilter;
        try {
          tree = parseFilter(text);
        } catch (e) {
          assert.ok(e instanceof ODataSyntaxError, String(e));
          return;
        }
        assert.deepEqual(parseFilter(serializeFilter(tree)), normalize(tree));
      },
    ),
    RUNS,
  );
});

test('precedence: not binds tighter than and, and tighter than or', () => {
  assert.deepEqual(parseFilter('a eq 1 or b eq 2 and not c eq 3'), {
    op: 'or',
    args: [
      { op: 'eq', path: 'a', value: 1 },
      {
        op: 'and',
        args: [
          { op: 'eq', path: 'b', value: 2 },
          { op: 'not', arg: { op: 'eq', path: 'c', value: 3 } },
        ],
      },
    ],
  });
});

test('$orderby: one key, default ascending', () => {
  assert.deepEqual(parseOrderBy('properties/createdTimeUtc desc'), {
    path: 'properties/createdTimeUtc',
    direction: 'desc',
  });
  assert.deepEqual(parseOrderBy('name'), { path: 'name', direction: 'asc' });
  for (const bad of ['', 'a b', 'a asc, b desc', 'a desc desc', "a' desc", 'not asc']) {
    assert.throws(() => parseOrderBy(bad), ODataSyntaxError, bad);
  }
  assert.equal(
    serializeOrderBy({ path: 'properties/severity', direction: 'asc' }),
    'properties/severity asc',
  );
});

// ---- Evaluation ----

const incidents = [
  {
    name: 'a',
    properties: {
      title: "Mailbox rule 'forward-all' created",
      status: 'Active',
      severity: 'High',
      incidentNumber: 1047,
      createdTimeUtc: '2024-05-01T10:00:00.1234567Z',
      owner: { assignedTo: 'Megan Ortiz' },
    },
  },
  {
    name: 'b',
    properties: {
      title: 'Password spray',
      status: 'Closed',
      severity: 'Medium',
      incidentNumber: 1048,
      createdTimeUtc: '2024-05-02T10:00:00Z',
      owner: {},
    },
  },
  {
    name: 'c',
    properties: {
      title: 'Beacon to kvx-syncupdate.top',
      status: 'New',
      severity: 'High',
      incidentNumber: 9,
      createdTimeUtc: '2024-04-30T23:59:59Z',
    },
  },
];

function names(f: ODataFilter): string[] {
  return incidents.filter((i) => matchesFilter(f, i)).map((i) => i.name);
}

test('evaluator: comparisons, nested paths, missing values, dates as instants', () => {
  assert.deepEqual(names(parseFilter("properties/severity eq 'High'")), ['a', 'c']);
  assert.deepEqual(names(parseFilter("properties/severity eq 'high'")), [], 'eq is case-sensitive');
  assert.deepEqual(names(parseFilter("properties/status ne 'Closed'")), ['a', 'c']);
  assert.deepEqual(names(parseFilter('properties/incidentNumber gt 1000')), ['a', 'b']);
  assert.deepEqual(names(parseFilter('properties/incidentNumber le 1047')), ['a', 'c']);
  assert.deepEqual(names(parseFilter("properties/owner/assignedTo eq 'Megan Ortiz'")), ['a']);
  assert.deepEqual(names(parseFilter('properties/owner/assignedTo eq null')), ['b', 'c']);
  assert.deepEqual(names(parseFilter('properties/owner/assignedTo ne null')), ['a']);
  // Ordering comparisons with a missing value are false both ways.
  assert.deepEqual(names(parseFilter("properties/owner/assignedTo gt 'A'")), ['a']);
  assert.deepEqual(names(parseFilter("properties/owner/assignedTo lt 'A'")), []);
  // Dates compare as instants, whatever the precision or offset of either side.
  assert.deepEqual(names(parseFilter('properties/createdTimeUtc ge 2024-05-01T10:00:00Z')), ['a', 'b']);
  assert.deepEqual(names(parseFilter('properties/createdTimeUtc gt 2024-05-01T12:00:00+02:00')), ['a', 'b']);
  assert.deepEqual(names(parseFilter('properties/createdTimeUtc lt 2024-05-01T00:00:00Z')), ['c']);
  assert.deepEqual(
    names({ op: 'ge', path: 'properties/createdTimeUtc', value: new Date('2024-05-02T00:00:00Z') }),
    ['b'],
  );
  // Type mismatches never order.
  assert.deepEqual(names(parseFilter("properties/incidentNumber gt '1'")), []);
});

test('evaluator: string functions ignore case and need a string', () => {
  assert.deepEqual(names(parseFilter("contains(properties/title,'SPRAY')")), ['b']);
  assert.deepEqual(names(parseFilter("contains(properties/title,'''forward-all''')")), ['a']);
  assert.deepEqual(names(parseFilter("startswith(properties/title,'beacon')")), ['c']);
  assert.deepEqual(names(parseFilter("endswith(properties/title,'.TOP')")), ['c']);
  assert.deepEqual(names(parseFilter("contains(properties/incidentNumber,'10')")), []);
  assert.deepEqual(names(parseFilter("contains(properties/missing,'')")), []);
});

test('evaluator: and, or, not; allOf/anyOf helpers', () => {
  assert.deepEqual(
    names(parseFilter("(properties/severity eq 'High') and (not (properties/status eq 'New'))")),
    ['a'],
  );
  assert.deepEqual(names(parseFilter("properties/status eq 'Closed' or properties/incidentNumber lt 10")), [
    'b',
    'c',
  ]);
  assert.equal(allOf([undefined, undefined]), undefined);
  const one: ODataFilter = { op: 'eq', path: 'a', value: 1 };
  assert.equal(allOf([undefined, one]), one);
  assert.deepEqual(allOf([one, one]), { op: 'and', args: [one, one] });
  assert.equal(anyOf([]), undefined);
  assert.deepEqual(anyOf([one, one]), { op: 'or', args: [one, one] });
});

test('valueAt and sortByOrder: missing values last in both directions, stable otherwise', () => {
  assert.equal(valueAt(incidents[0], 'properties/owner/assignedTo'), 'Megan Ortiz');
  assert.equal(valueAt(incidents[0], 'properties/title/length'), undefined);
  assert.equal(valueAt({ a: [1] }, 'a/0'), undefined);
  const byOwner = (direction: 'asc' | 'desc') =>
    sortByOrder(incidents, { path: 'properties/owner/assignedTo', direction }).map((i) => i.name);
  assert.deepEqual(byOwner('asc'), ['a', 'b', 'c']);
  assert.deepEqual(byOwner('desc'), ['a', 'b', 'c']);
  const byCreated = (direction: 'asc' | 'desc') =>
    sortByOrder(incidents, { path: 'properties/createdTimeUtc', direction }).map((i) => i.name);
  assert.deepEqual(byCreated('asc'), ['c', 'a', 'b']);
  assert.deepEqual(byCreated('desc'), ['b', 'a', 'c']);
  const bySeverity = sortByOrder(incidents, { path: 'properties/severity', direction: 'asc' });
  assert.deepEqual(
    bySeverity.map((i) => i.name),
    ['a', 'c', 'b'],
    'equal keys keep their order',
  );
  assert.notEqual(bySeverity, incidents, 'a copy');
});
