import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineStarts, positionOf, validateKql } from '../../src/kql/validate.js';

test('columns named like keywords stay in the schema (bracketed in queries)', () => {
  const schema = {
    databaseName: 'w',
    tables: [
      {
        name: 'T',
        columns: [
          { name: 'first', type: 'string' as const },
          { name: 'last', type: 'long' as const },
          { name: 'a b', type: 'long' as const },
        ],
      },
    ],
  };
  const r = validateKql("T | project ['first'], ['last'], x = ['a b']", schema);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.result_columns, [
    { name: 'first', type: 'string' },
    { name: 'last', type: 'long' },
    { name: 'x', type: 'long' },
  ]);
});

test('offsets map to 1-based lines and columns', () => {
  const starts = lineStarts('ab\ncd\n\nef');
  assert.deepEqual(positionOf(starts, 0), { line: 1, column: 1 });
  assert.deepEqual(positionOf(starts, 4), { line: 2, column: 2 });
  assert.deepEqual(positionOf(starts, 6), { line: 3, column: 1 });
  assert.deepEqual(positionOf(starts, 8), { line: 4, column: 2 });
});
