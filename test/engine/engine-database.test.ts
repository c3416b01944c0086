// LocalDatabase: loading, files, stats, inline tables, row limits, cancellation.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Cell } from '../../src/backends/backend.js';
import { LocalDatabase } from '../../src/backends/local/database.js';
import { NOW, run } from './helpers.js';
import { ToolError } from '../../src/util/errors.js';

let db: LocalDatabase;
let dir: string;

before(async () => {
  db = await LocalDatabase.open();
  dir = mkdtempSync(join(tmpdir(), 'engine-db-'));
});

after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

// Load speed is measured in bench/demo.ts, not asserted here (timings vary with the machine's load).
test('createTable loads 300k rows', async () => {
  const rows: Cell[][] = [];
  for (let i = 0; i < 300_000; i++) {
    rows.push([new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), `host-${i % 50}`, i % 7, { k: i }]);
  }
  await db.createTable(
    'Big',
    [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Computer', type: 'string' },
      { name: 'EventID', type: 'int' },
      { name: 'Data', type: 'dynamic' },
    ],
    rows,
  );
  const r = await run(db, 'Big | summarize count(), dcount(Computer), max(TimeGenerated)');
  assert.deepEqual(r.rows, [[300_000, 50, '2024-01-04T11:19:59Z']]);
});

test('createTable with a full schema: columns not given are null (strings empty)', async () => {
  await db.createTable(
    'Partial',
    [{ name: 'a', type: 'long' }],
    [[1], [2]],
    [
      { name: 'a', type: 'long' },
      { name: 'b', type: 'string' },
      { name: 'c', type: 'real' },
    ],
  );
  const r = await run(db, 'Partial | order by a asc');
  assert.deepEqual(r.rows, [
    [1, '', null],
    [2, '', null],
  ]);
  assert.deepEqual(
    db
      .schemas()
      .find((t) => t.name === 'Partial')
      ?.columns.map((c) => c.type),
    ['long', 'string', 'real'],
  );
});

test('createTableFromFile infers KQL types from JSON lines', async () => {
  const path = join(dir, 'events.jsonl');
  writeFileSync(
    path,
    [
      '{"TimeGenerated":"2024-01-01T00:00:00Z","User":"alice","Count":3,"Ok":true,"Props":{"x":1}}',
      '{"TimeGenerated":"2024-01-02T00:00:00Z","User":"bob","Count":5,"Ok":false,"Props":{"x":2}}',
    ].join('\n'),
  );
  const schema = await db.createTableFromFile('Json', path, 'jsonl');
  const types = Object.fromEntries(schema.columns.map((c) => [c.name, c.type]));
  assert.equal(types['User'], 'string');
  assert.equal(types['Count'], 'long');
  assert.equal(types['Ok'], 'bool');
  assert.equal(types['Props'], 'dynamic');
  const r = await run(db, 'Json | where Ok | project User, x = toint(Props.x)');
  assert.deepEqual(r.rows, [['alice', 1]]);
});

test('createTableFromFile casts CSV text to the given columns', async () => {
  const path = join(dir, 'events.csv');
  writeFileSync(
    path,
    'TimeGenerated,Account,Bytes,Duration\n2024-01-01T10:00:00Z,alice,100,01:00:00\n2024-01-01T11:00:00Z,,250,00:00:30\n',
  );
  await db.createTableFromFile('Csv', path, 'csv', [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Account', type: 'string' },
    { name: 'Bytes', type: 'long' },
    { name: 'Duration', type: 'timespan' },
    { name: 'Missing', type: 'string' },
  ]);
  const r = await run(db, 'Csv | order by TimeGenerated asc');
  assert.deepEqual(r.rows, [
    ['2024-01-01T10:00:00Z', 'alice', 100, '01:00:00', ''],
    ['2024-01-01T11:00:00Z', '', 250, '00:00:30', ''],
  ]);
});

test('tableStats: row counts and the last TimeGenerated in one query', async () => {
  const stats = await db.tableStats();
  const csv = stats.find((s) => s.name === 'Csv');
  assert.deepEqual(csv, { name: 'Csv', rowCount: 2, lastRecord: '2024-01-01T11:00:00Z' });
  assert.equal(stats.find((s) => s.name === 'Partial')?.lastRecord, null);
});

test('inline tables stand in for a loaded table for one query only', async () => {
  const inline = [{ name: 'Partial', columns: [{ name: 'z', type: 'string' as const }], rows: [['only']] }];
  const r = await run(db, 'Partial', inline);
  assert.deepEqual(r.rows, [['only']]);
  const again = await run(db, 'Partial | count');
  assert.deepEqual(again.rows, [[2]]);
});

test('maxRows stops reading and says so', async () => {
  const response = await db.query('Big | project EventID', { now: NOW, maxRows: 5 });
  assert.equal(response.tables[0]?.rows.length, 5);
  assert.equal(response.truncatedAtSource, true);
  const small = await db.query('Partial', { now: NOW, maxRows: 5 });
  assert.equal(small.truncatedAtSource, false);
});

test('an aborted query rejects with CANCELLED', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    db.query('Big | count', { now: NOW, abortSignal: controller.signal }),
    (error: unknown) => error instanceof ToolError && error.code === 'CANCELLED',
  );
  const slow = new AbortController();
  const pending = db.query('range x from 1 to 300000000 step 1 | summarize dcount(x % 100000007)', {
    now: NOW,
    abortSignal: slow.signal,
  });
  setTimeout(() => slow.abort(), 50);
  await assert.rejects(pending, (error: unknown) => error instanceof ToolError && error.code === 'CANCELLED');
});

test('stored functions can be called', async () => {
  const response = await db.query('_GetWatchlist("vip") | project SearchKey', {
    now: NOW,
    functions: [
      {
        name: '_GetWatchlist',
        parameters: '(alias:string)',
        body: '{ datatable(SearchKey:string)["alice", "bob"] | where alias == "vip" }',
      },
    ],
  });
  assert.deepEqual(response.tables[0]?.rows, [['alice'], ['bob']]);
});
