import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeOnly, guardQuery, MAX_QUERY_CHARS } from '../../src/kql/guard.js';

test('management commands are rejected, wherever the statement starts', () => {
  for (const q of [
    '.drop table T',
    '  .set-or-append T <| print 1',
    '// c\n.show tables',
    'print 1; .drop table x',
    'let a=1;\n  .alter table T',
  ]) {
    assert.throws(() => guardQuery(q), /Management commands are not allowed/, q);
  }
});

test('dots inside strings, comments and member access are fine', () => {
  for (const q of [
    'T | where s == ".drop table"',
    'T | extend x = d.a.b',
    "print '; .drop'",
    'T // ; .drop\n| take 1',
    'print @"a;.b"',
    'print x=1.5',
  ]) {
    assert.equal(guardQuery(q), q);
  }
});

test('empty and over-long queries are rejected', () => {
  assert.throws(() => guardQuery('   '), /empty/);
  assert.throws(() => guardQuery('x'.repeat(MAX_QUERY_CHARS + 1)), /limit is/);
});

test('codeOnly blanks strings and comments but keeps length', () => {
  const q = 'T | where a == "x;.y" // .z\n| take 1';
  const c = codeOnly(q);
  assert.equal(c.length, q.length);
  assert.doesNotMatch(c, /\.y|\.z/);
});
