import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueryTable } from '../../src/backends/backend.js';
import {
  cutCell,
  describeTruncation,
  renderCsv,
  renderMarkdownTable,
  shapeTable,
} from '../../src/util/results.js';

const table = (n: number, text = 'x'): QueryTable => ({
  name: 'PrimaryResult',
  columns: [
    { name: 'n', type: 'long' },
    { name: 's', type: 'string' },
  ],
  rows: Array.from({ length: n }, (_, i) => [i, text]),
});

test('rows beyond max_rows are left out and the reason is max_rows', () => {
  const shaped = shapeTable(table(10), { maxRows: 3, maxBytes: 1e6, maxCellChars: 100 });
  assert.equal(shaped.row_count, 3);
  assert.deepEqual(
    shaped.rows.map((r) => r[0]),
    [0, 1, 2],
  );
  assert.equal(shaped.truncated, true);
  assert.equal(shaped.truncated_reason, 'max_rows');
  assert.equal(shaped.total_rows, 10);
});

test('rows beyond max_bytes are left out and the reason is max_bytes', () => {
  const shaped = shapeTable(table(100, 'y'.repeat(50)), { maxRows: 1000, maxBytes: 600, maxCellChars: 100 });
  assert.ok(shaped.row_count > 0 && shaped.row_count < 100);
  assert.ok(JSON.stringify(shaped.rows).length <= 600);
  assert.equal(shaped.truncated_reason, 'max_bytes');
});

test('one row larger than max_bytes is still returned rather than nothing', () => {
  const shaped = shapeTable(table(2, 'z'.repeat(500)), { maxRows: 10, maxBytes: 100, maxCellChars: 1000 });
  assert.equal(shaped.row_count, 1);
  assert.equal(shaped.truncated_reason, 'max_bytes');
});

test('a result within limits is not truncated', () => {
  const shaped = shapeTable(table(5), { maxRows: 5, maxBytes: 1e6, maxCellChars: 100 });
  assert.equal(shaped.truncated, false);
  assert.equal(shaped.truncated_reason, null);
  assert.equal(shaped.total_rows, 5);
});

test('long cells are cut with a marker and counted', () => {
  const shaped = shapeTable(table(2, 'a'.repeat(30)), { maxRows: 10, maxBytes: 1e6, maxCellChars: 10 });
  assert.equal(shaped.rows[0]?.[1], `${'a'.repeat(10)}…[cut 20 chars]`);
  assert.equal(shaped.cells_cut, 2);
});

test('a long dynamic value is cut as JSON text', () => {
  const r = cutCell({ k: 'v'.repeat(50) }, 10);
  assert.equal(r.cut, true);
  assert.equal(typeof r.cell, 'string');
  assert.ok(String(r.cell).startsWith('{"k":"vvvv'));
  assert.deepEqual(cutCell({ k: 1 }, 100), { cell: { k: 1 }, cut: false });
});

test('markdown escapes pipes and newlines and shows types', () => {
  const md = renderMarkdownTable([{ name: 'a', type: 'string' }], [['x|y\nz'], [null]]);
  assert.equal(md, '| a (string) |\n|---|\n| x\\|y↵z |\n|  |');
});

test('csv quotes fields with commas, quotes and newlines', () => {
  const csv = renderCsv(
    [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'dynamic' },
    ],
    [['x,"y"', { k: [1] }]],
  );
  assert.equal(csv, 'a,b\n"x,""y""","{""k"":[1]}"');
});

test('truncation is described in words', () => {
  const shaped = shapeTable(table(10), { maxRows: 3, maxBytes: 1e6, maxCellChars: 100 });
  assert.match(describeTruncation(shaped), /^3 of 10 rows; truncated at max_rows/);
});
