import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kqlName, kqlString, odataString, pathSegment, sqlName, sqlString } from '../../src/kql/quote.js';
import { tableCatalog } from '../../src/kql/catalog.js';
import { globalsFor, analyze } from '../../src/kql/analysis.js';
import { items } from '../../src/kql/kusto.js';

const HOSTILE = [
  '"',
  "'",
  '\\',
  '" | take 1 //',
  "' or 1==1 //",
  '"; .drop table SecurityEvent',
  'a\nb\r\nc',
  'tab\there',
  '\u0001ctl',
  '`',
  '```',
  '@"x"',
  'ü𝔘nicode',
  '\\"',
  '\\\\"',
];

test('kqlString keeps every hostile value one string literal with the same value', () => {
  const schema = { databaseName: 'ws', tables: [tableCatalog().find('SecurityEvent')!] };
  const globals = globalsFor(schema);
  for (const value of HOSTILE) {
    const query = `print v = ${kqlString(value)}`;
    const code = analyze(query, globals);
    const errors = [...items(code.GetDiagnostics())].filter((d) => d.Severity === 'Error');
    assert.deepEqual(
      errors.map((d) => d.Message),
      [],
      `parse errors for ${JSON.stringify(value)}`,
    );
    // exactly one literal token after '=': the statement has one print column and no pipes
    const literal = query.slice('print v = '.length);
    const decoded = JSON.parse(literal.replace(/\\u([0-9a-f]{4})/g, '\\u$1')) as string;
    assert.equal(decoded, value);
  }
});

test('kqlName brackets names that are not identifiers and rejects line breaks', () => {
  assert.equal(kqlName('SecurityEvent'), 'SecurityEvent');
  assert.equal(kqlName("my col'] | take 1"), "['my col\\'] | take 1']");
  assert.throws(() => kqlName('a\nb'), /not a valid name/);
  assert.throws(() => kqlName(''), /not a valid name/);
});

test('odataString doubles quotes and rejects control characters', () => {
  assert.equal(odataString("O'Brien"), "'O''Brien'");
  assert.equal(odataString("x' or 1 eq 1 or 'a"), "'x'' or 1 eq 1 or ''a'");
  assert.throws(() => odataString('a\u0000'), /control characters/);
});

test('pathSegment rejects traversal and separators', () => {
  assert.equal(pathSegment('my rule'), 'my%20rule');
  for (const bad of ['..', '.', 'a/b', 'a\\b', 'a?b', 'a#b', '%2e%2e', '']) {
    assert.throws(() => pathSegment(bad), /not a valid/);
  }
});

test('sql quoting doubles the quote character', () => {
  assert.equal(sqlName('first'), '"first"');
  assert.equal(sqlName('a"b'), '"a""b"');
  assert.equal(sqlString("it's"), "'it''s'");
  assert.throws(() => sqlString('\u0000'));
});
