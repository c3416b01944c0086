// Inline tables sent to Azure as a `let ... = datatable(...)[...]` prefix: every value a typed KQL
// literal that no caller text can break out of (checked with Kusto.Language's parser and by running
// the text on the local engine, which must give back exactly the values that went in).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Cell, InlineTable } from '../../src/backends/backend.js';
import { datatableStatement, withInlineTables } from '../../src/backends/azure/datatable.js';
import { LocalBackend } from '../../src/backends/local/local-backend.js';
import { kusto, items } from '../../src/kql/kusto.js';
import { kqlDynamic, kqlLiteral } from '../../src/kql/quote.js';
import { ToolError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';

const HOSTILE = [
  '"',
  "'",
  '\\',
  '" | take 1 //',
  '"]; print pwned=1; let x = datatable(a:string)["',
  "' or 1==1 //",
  '"; .drop table SecurityEvent',
  ')]; T | take 0 //',
  'a\nb\r\nc',
  'tab\there',
  '\u0001ctl\u007f',
  '`',
  '```',
  '@"x"',
  'ü𝔘nicode \u2028\u2029',
  '\\"',
  '\\\\"',
  '/* not a comment */',
  '// not a comment',
];

/** Syntax errors Kusto.Language finds, and the statements it sees. */
function parse(text: string): { errors: string[]; statements: number } {
  const K = kusto();
  const code = K.KustoCode.Parse(text);
  const errors = [...items(code!.GetSyntaxDiagnostics())].map((d) => `${d.Code} ${d.Message}`);
  let statements = 0;
  K.Syntax.SyntaxElement.WalkNodes(code!.Syntax, (node: Kusto.Language.Syntax.SyntaxNode) => {
    if (
      node.Kind === K.Syntax.SyntaxKind.LetStatement ||
      node.Kind === K.Syntax.SyntaxKind.ExpressionStatement
    ) {
      statements++;
    }
  });
  return { errors, statements };
}

let local: LocalBackend;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-mcp-azure-datatable-'));
  writeFileSync(
    join(dir, 'workspace.yaml'),
    'name: empty\nid: 2b0f4c1e-7d43-4a55-9a6e-1c2f3d4e5f61\ntimeAnchor: 2024-06-01T12:00:00Z\n',
  );
  local = await LocalBackend.open({ folder: dir, logger: silentLogger() });
});

after(async () => {
  await local?.close();
});

async function roundTrip(table: InlineTable): Promise<Cell[][]> {
  const query = withInlineTables(`${table.name}`, [table]);
  const response = await local.logs.query({ query });
  return response.tables[0]!.rows;
}

test('hostile strings stay one string literal: one let plus the query, no syntax errors, same values back', async () => {
  const table: InlineTable = {
    name: 'T',
    columns: [
      { name: 's', type: 'string' },
      { name: 'd', type: 'dynamic' },
    ],
    rows: HOSTILE.map((s) => [s, { [s]: [s, { k: s }] }]),
  };
  const text = withInlineTables('T', [table]);
  const parsed = parse(text);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.statements, 2, 'exactly the let statement and the query');
  const rows = await roundTrip(table);
  assert.deepEqual(rows, table.rows);
});

test('hostile column names are quoted as names, not code', () => {
  const statement = datatableStatement({
    name: 'T',
    columns: [{ name: "x'] | print 1 //", type: 'string' }],
    rows: [['v']],
  });
  assert.deepEqual(parse(`${statement}\nT`).errors, []);
  assert.throws(
    () => datatableStatement({ name: 'T; print 1', columns: [{ name: 'a', type: 'string' }], rows: [] }),
    (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
  );
});

test('every type round-trips, with typed nulls', async () => {
  const table: InlineTable = {
    name: 'Typed',
    columns: [
      { name: 's', type: 'string' },
      { name: 'i', type: 'int' },
      { name: 'l', type: 'long' },
      { name: 'big', type: 'long' },
      { name: 'r', type: 'real' },
      { name: 'b', type: 'bool' },
      { name: 'dt', type: 'datetime' },
      { name: 'ts', type: 'timespan' },
      { name: 'g', type: 'guid' },
      { name: 'dy', type: 'dynamic' },
    ],
    rows: [
      [
        'x',
        -5,
        1234567890123,
        '9007199254740993',
        -2.5e-7,
        true,
        '2024-05-01T10:00:00.1234567Z',
        '1.02:03:04.5',
        '0b5fe924-9a61-425c-96af-cfe6e287ca2d',
        { a: [1, 'two', null, false, 1.5], nested: { deep: 'y' } },
      ],
      ['', null, null, null, null, null, null, null, null, null],
    ],
  };
  const rows = await roundTrip(table);
  assert.deepEqual(rows[0], table.rows[0]);
  assert.deepEqual(rows[1], table.rows[1]);
});

test('literals: exact forms for each type', () => {
  assert.equal(kqlLiteral(null, 'long'), 'long(null)');
  assert.equal(kqlLiteral(null, 'string'), '""');
  assert.equal(kqlLiteral(null, 'dynamic'), 'dynamic(null)');
  assert.equal(kqlLiteral(5, 'int'), 'int(5)');
  assert.equal(kqlLiteral('9223372036854775807', 'long'), 'long(9223372036854775807)');
  assert.equal(kqlLiteral(1.5, 'real'), 'real(1.5)');
  assert.equal(kqlLiteral(1e21, 'real'), 'real(1e21)');
  assert.equal(kqlLiteral('NaN', 'real'), 'real(nan)');
  assert.equal(kqlLiteral('-Infinity', 'real'), 'real(-inf)');
  assert.equal(kqlLiteral(false, 'bool'), 'false');
  assert.equal(kqlLiteral('2024-05-01T10:00:00Z', 'datetime'), 'datetime(2024-05-01T10:00:00Z)');
  assert.equal(kqlLiteral('2024-05-01T12:00:00+02:00', 'datetime'), 'datetime(2024-05-01T10:00:00.000Z)');
  assert.equal(kqlLiteral('-00:05:00', 'timespan'), 'timespan(-00:05:00)');
  assert.equal(kqlDynamic({ 'k"': ['v\n'] }), 'dynamic({"k\\"": ["v\\n"]})');
});

test('values that are not of their type are refused, not passed through', () => {
  const bad: [Cell, Parameters<typeof kqlLiteral>[1]][] = [
    ['5) | print 1 //', 'long'],
    [1.5, 'long'],
    ['99999999999999999999', 'long'],
    [2 ** 31, 'int'],
    ['2024-05-01) | print 1 //', 'datetime'],
    ['1d) | print 1', 'timespan'],
    ['not-a-guid) | print 1', 'guid'],
    ['yes', 'bool'],
    ['1.5) | print', 'real'],
    [Number.POSITIVE_INFINITY, 'decimal'],
  ];
  for (const [value, type] of bad) {
    assert.throws(
      () => kqlLiteral(value, type),
      (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
      `${JSON.stringify(value)} as ${type}`,
    );
  }
});

test('leading set statements stay first; rows must match the columns', () => {
  const text = withInlineTables('set query_now = datetime(2024-01-01);\nT | take 1', [
    { name: 'T', columns: [{ name: 'a', type: 'long' }], rows: [[1]] },
  ]);
  assert.match(text, /^set query_now = datetime\(2024-01-01\);\nlet T = datatable\(a:long\)\[/);
  assert.deepEqual(parse(text).errors, []);
  assert.throws(
    () => withInlineTables('T', [{ name: 'T', columns: [{ name: 'a', type: 'long' }], rows: [[1, 2]] }]),
    (e: unknown) => e instanceof ToolError && e.code === 'INVALID_ARGUMENT',
  );
});

test('an empty table is a valid datatable', async () => {
  const rows = await roundTrip({ name: 'Empty', columns: [{ name: 'a', type: 'string' }], rows: [] });
  assert.deepEqual(rows, []);
});
