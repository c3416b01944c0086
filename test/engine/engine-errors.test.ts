// Errors: KQL_SYNTAX and KQL_SEMANTIC from Kusto.Language, UNSUPPORTED with the construct and position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateKql } from '../../src/kql/engine/index.js';
import { ToolError } from '../../src/util/errors.js';

const tables = [
  {
    name: 'T',
    columns: [
      { name: 'a', type: 'long' as const },
      { name: 's', type: 'string' as const },
    ],
  },
];
const now = new Date('2024-01-15T00:00:00Z');

function failure(kql: string): ToolError {
  try {
    translateKql(kql, { tables, now });
  } catch (error) {
    if (error instanceof ToolError) return error;
    throw error;
  }
  throw new Error(`no error for ${kql}`);
}

test('a syntax error is KQL_SYNTAX with its line and column', () => {
  const error = failure('T\n| where a >');
  assert.equal(error.code, 'KQL_SYNTAX');
  assert.match(error.message, /line 2, column \d+/);
});

test('an unknown column is KQL_SEMANTIC', () => {
  const error = failure('T | where nosuch > 1');
  assert.equal(error.code, 'KQL_SEMANTIC');
  assert.match(error.message, /line 1, column 11/);
});

test('an operator the engine does not translate is UNSUPPORTED, named, with its position', () => {
  const error = failure('T\n| evaluate bag_unpack(s)');
  assert.equal(error.code, 'UNSUPPORTED');
  assert.match(error.message, /evaluate operator/);
  assert.deepEqual([error.details?.['line'], error.details?.['column']], [2, 3]);
});

test('a function the engine does not translate is UNSUPPORTED', () => {
  const error = failure('T | extend g = geo_info_from_ip_address(s)');
  assert.equal(error.code, 'UNSUPPORTED');
  assert.match(error.message, /geo_info_from_ip_address\(\)/);
});

test('externaldata is UNSUPPORTED (the local engine reads no URLs)', () => {
  const error = failure('externaldata(x:string)[@"https://example.com/x.csv"] | take 1');
  assert.equal(error.code, 'UNSUPPORTED');
});

test('caller text reaches SQL only as escaped literals', () => {
  const { sql } = translateKql(`T | where s == "x'; DROP TABLE T; --" | extend ['we"ird'] = 1`, {
    tables,
    now,
  });
  assert.ok(sql.includes(`'x''; DROP TABLE T; --'`));
  assert.ok(sql.includes('"we""ird"'));
});

test('translations are cached per query text, with "now" filled in each time', () => {
  const first = translateKql('T | where a > 1 | extend t = now()', { tables, now });
  const second = translateKql('T | where a > 1 | extend t = now()', {
    tables,
    now: new Date('2025-01-01T00:00:00Z'),
  });
  assert.ok(first.sql.includes("TIMESTAMP_NS '2024-01-15 00:00:00'"));
  assert.ok(second.sql.includes("TIMESTAMP_NS '2025-01-01 00:00:00'"));
});
