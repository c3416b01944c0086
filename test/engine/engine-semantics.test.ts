// Where KQL and DuckDB differ, the translation follows KQL; each difference is pinned here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LocalDatabase } from '../../src/backends/local/database.js';
import { run } from './helpers.js';

let db: LocalDatabase;

before(async () => {
  db = await LocalDatabase.open();
  await db.createTable(
    'T',
    [
      { name: 'n', type: 'long' },
      { name: 's', type: 'string' },
    ],
    [
      [1, 'Alpha'],
      [null, 'beta'],
      [3, 'ALPHA-beta'],
      [-7, ''],
    ],
  );
});

after(async () => {
  await db.close();
});

test('integer division truncates toward zero; DuckDB / would give a real', async () => {
  const r = await run(db, 'print a = 7 / 2, b = -7 / 2, c = 7.0 / 2, d = 1 / 0');
  assert.deepEqual(r.rows, [[3, -3, 3.5, null]]);
  assert.deepEqual(r.columns, ['a:long', 'b:long', 'c:real', 'd:long']);
});

test('modulo is never negative in KQL (DuckDB keeps the sign of the dividend)', async () => {
  const r = await run(db, 'print a = -14 % 12, b = 14 % -12, c = -7 % 3');
  assert.deepEqual(r.rows, [[10, 2, 2]]);
});

test('== is case-sensitive, =~ is not; has is whole-term; contains is a substring', async () => {
  const r = await run(
    db,
    'T | project s, eq = s == "alpha", ci = s =~ "alpha", has = s has "beta", cont = s contains "ALPH" | order by s asc',
  );
  assert.deepEqual(r.rows, [
    ['', false, false, false, false],
    ['ALPHA-beta', false, false, true, true],
    ['Alpha', false, true, false, true],
    ['beta', false, false, true, false],
  ]);
});

test('has does not match inside a term', async () => {
  const r = await run(
    db,
    'print a = "sysadmin-tools" has "admin", b = "sys admin" has "ADMIN", c = "a.b" has "a.b"',
  );
  assert.deepEqual(r.rows, [[false, true, true]]);
});

test('sort: nulls first ascending, last descending (DuckDB puts them last by default)', async () => {
  const asc = await run(db, 'T | sort by n asc | project n');
  assert.deepEqual(asc.rows, [[null], [-7], [1], [3]]);
  const desc = await run(db, 'T | sort by n | project n');
  assert.deepEqual(desc.rows, [[3], [1], [-7], [null]]);
  const top = await run(db, 'T | top 2 by n asc | project n');
  assert.deepEqual(top.rows, [[null], [-7]]);
});

test('first and last (reserved in DuckDB) work as column names', async () => {
  const r = await run(
    db,
    "print ['first'] = 1, ['last'] = 2 | extend total = ['first'] + ['last'] | sort by ['last']",
  );
  assert.deepEqual(r.rows, [[1, 2, 3]]);
  assert.deepEqual(r.columns, ['first:long', 'last:long', 'total:long']);
});

test('null != value is true and null == value is false', async () => {
  const r = await run(db, 'T | where n != 1 | count');
  assert.deepEqual(r.rows, [[3]]);
  const e = await run(db, 'T | extend eq = n == 1, ne = n != 1 | where isnull(n) | project eq, ne');
  assert.deepEqual(e.rows, [[false, true]]);
});

test('strings are never null: a missing string comes out as an empty string', async () => {
  const r = await run(
    db,
    'T | where n == 1 | join kind=leftouter (T | where n == 99 | project n, other = s) on n | project other',
  );
  assert.deepEqual(r.rows, [['']]);
  const m = await run(db, 'T | where n == 99 | summarize m = max(s)');
  assert.deepEqual(m.rows, [['']]);
  const e = await run(db, 'print a = isnull(""), b = isempty("")');
  assert.deepEqual(e.rows, [[false, true]]);
});

test('datetimes keep 100 ns ticks and print as ISO 8601 UTC; timespans as KQL text', async () => {
  const r = await run(
    db,
    'print d = datetime(2024-01-02 03:04:05.1234567), e = endofday(datetime(2024-01-02)), t = 1d + 2h + 3s + 1tick, m = -90m',
  );
  assert.deepEqual(r.rows, [
    ['2024-01-02T03:04:05.1234567Z', '2024-01-02T23:59:59.9999999Z', '1.02:00:03.0000001', '-01:30:00'],
  ]);
});

test('bin() of a datetime counts from 0001-01-01, so 7-day bins start on Mondays', async () => {
  const r = await run(db, 'print w = bin(datetime(2024-01-10), 7d), h = bin(datetime(2024-01-10 13:45), 1h)');
  assert.deepEqual(r.rows, [['2024-01-08T00:00:00Z', '2024-01-10T13:00:00Z']]);
});

test('long values beyond 2^53 come out as strings', async () => {
  const r = await run(db, 'print a = 9007199254740993, b = 42');
  assert.deepEqual(r.rows, [['9007199254740993', 42]]);
});

test('column names that differ only in case stay distinct (DuckDB names ignore case)', async () => {
  const r = await run(db, 'print a = 1, A = 2 | extend b = a + A');
  assert.deepEqual(r.rows, [[1, 2, 3]]);
  assert.deepEqual(r.columns, ['a:long', 'A:long', 'b:long']);
});

test('make_list follows a sorted input; summarize without by on no rows gives 0 and []', async () => {
  const r = await run(db, 'T | where isnotnull(n) | sort by n asc | summarize l = make_list(n)');
  assert.deepEqual(r.rows, [[[-7, 1, 3]]]);
  const e = await run(db, 'T | where n > 100 | summarize c = count(), s = sum(n), l = make_list(n)');
  assert.deepEqual(e.rows, [[0, 0, []]]);
});

test('join defaults to innerunique: one left row per key', async () => {
  const r = await run(
    db,
    'datatable(k:long, v:string)[1, "a", 1, "b"] | join (datatable(k:long, w:string)[1, "x", 1, "y"]) on k | count',
  );
  assert.deepEqual(r.rows, [[2]]);
});

test('deeply nested parse_json/tostring stays fast (macros bind their argument once)', async () => {
  let expression = 'd';
  for (let i = 0; i < 8; i++) expression = `parse_json(tostring(${expression}.a))`;
  const started = performance.now();
  const r = await run(db, `print d = dynamic({"a": 1}) | extend x = ${expression}`);
  assert.equal(r.rows.length, 1);
  assert.ok(performance.now() - started < 5000);
});

test('render reports the chart kind and its properties', async () => {
  const response = await db.query('T | summarize count() by s | render piechart with (title="By s")', {
    now: new Date(),
  });
  assert.deepEqual(response.render, { visualization: 'piechart', properties: { title: '"By s"' } });
});

test('top-nested keeps the top values of each level within the level above', async () => {
  const r = await run(
    db,
    'datatable(r:string, p:string, q:long)["east","apple",10,"east","pear",5,"west","apple",7,"west","plum",3,"west","apple",2,"north","pear",8] | top-nested 2 of r by total = sum(q), top-nested 1 of p by s = sum(q) | order by total desc',
  );
  assert.deepEqual(r.rows, [
    ['east', 15, 'apple', 10],
    ['west', 12, 'apple', 9],
  ]);
});

test('mv-apply runs its subquery per input row, summarize included', async () => {
  const r = await run(
    db,
    'datatable(id:long, xs:dynamic)[1, dynamic([3, 1, 2]), 2, dynamic([]), 3, dynamic([5])] | mv-apply x = xs to typeof(long) on (top 2 by x | summarize s = sum(x), c = count()) | project id, s, c | order by id asc',
  );
  assert.deepEqual(r.rows, [
    [1, 5, 2],
    [2, 0, 0],
    [3, 5, 1],
  ]);
});
