// Statements: let (scalar, tabular, functions), materialize, toscalar, datatable, print, range,
// and now()/ago() relative to the query's fixed "now".
import { Emp } from './fixtures.js';
import type { EngineCase } from './types.js';

export const statementCases: EngineCase[] = [
  {
    name: 'let scalar: a constant used in print',
    query: 'let x = 5;\nprint y = x * 2',
    expected: { columns: [['y', 'long']], rows: [[10]] },
  },
  {
    name: 'let scalar: a string constant used in a where filter',
    query: 'let who = "bob";\nEmp | where name == who | project id',
    tables: { Emp },
    expected: { rows: [[2]] },
  },
  {
    name: 'let scalar referencing an earlier let',
    query: 'let a = 3;\nlet b = a * a;\nprint r = b + 1',
    expected: { columns: [['r', 'long']], rows: [[10]] },
  },
  {
    name: 'let timespan constant multiplied by a number stays a timespan',
    query: 'let w = 2h;\nprint r = w * 2',
    expected: { columns: [['r', 'timespan']], rows: [['04:00:00']] },
  },
  {
    name: 'let tabular: a filtered table bound to a name',
    query: 'let Rich = Emp | where salary >= 100;\nRich | project id',
    tables: { Emp },
    expected: { rows: [[1], [3]] },
  },
  {
    name: 'let tabular referenced twice (self union)',
    query: 'let E = Emp | where dept == "eng";\nE | union E | count',
    tables: { Emp },
    expected: { columns: [['Count', 'long']], rows: [[4]] },
  },
  {
    name: 'let function with one scalar parameter',
    query: 'let triple = (n:long) { n * 3 };\nprint r = triple(4)',
    expected: { columns: [['r', 'long']], rows: [[12]] },
  },
  {
    name: 'let function with a default parameter value',
    query: 'let add = (a:long, b:long = 10) { a + b };\nprint x = add(1), y = add(1, 2)',
    expected: {
      columns: [
        ['x', 'long'],
        ['y', 'long'],
      ],
      rows: [[11, 3]],
    },
    doc: 'user-defined-functions: parameters with default values may be omitted by the caller',
  },
  {
    name: 'let function returning a table, with a scalar parameter',
    query: 'let above = (lim:long) { Emp | where salary > lim };\nabove(95) | project id',
    tables: { Emp },
    expected: { rows: [[1], [3]] },
  },
  {
    name: 'let function with a string parameter returning a count',
    query: 'let inDept = (d:string) { Emp | where dept == d | count };\ninDept("ops")',
    tables: { Emp },
    expected: { columns: [['Count', 'long']], rows: [[2]] },
  },
  {
    name: 'let function called twice with different arguments',
    query: 'let sq = (v:long) { v * v };\nprint a = sq(3), b = sq(-4)',
    expected: { rows: [[9, 16]] },
  },
  {
    name: 'materialize: a cached summary filtered afterwards',
    query: 'let m = materialize(Emp | summarize n = count() by dept);\nm | where n > 1 | project dept',
    tables: { Emp },
    expected: { rows: [['eng'], ['ops']] },
  },
  {
    name: 'materialize: the cached result referenced twice',
    query: 'let m = materialize(Emp | where dept != "sales");\nm | union m | count',
    tables: { Emp },
    expected: { rows: [[8]] },
  },
  {
    name: 'toscalar: the maximum used as a filter value',
    query: 'let best = toscalar(Emp | summarize max(salary));\nEmp | where salary == best | project name',
    tables: { Emp },
    expected: { rows: [['carol']] },
  },
  {
    name: 'toscalar of a count in print',
    query: 'print n = toscalar(Emp | count)',
    tables: { Emp },
    expected: { columns: [['n', 'long']], rows: [[5]] },
  },
  {
    name: 'toscalar of a single string value used as a filter',
    query: 'let d = toscalar(Emp | where id == 3 | project dept);\nEmp | where dept == d | project id',
    tables: { Emp },
    expected: { rows: [[3], [4]] },
  },
  {
    name: 'datatable: inline rows filtered',
    query: 'datatable(a:long, s:string)[1, "x", 2, "y"] | where a == 2',
    expected: {
      columns: [
        ['a', 'long'],
        ['s', 'string'],
      ],
      rows: [[2, 'y']],
    },
  },
  {
    name: 'datatable: datetime, bool, real and timespan columns',
    query: 'datatable(t:datetime, b:bool, r:real, d:timespan)[datetime(2024-01-01), true, 1.5, 1h]',
    expected: {
      columns: [
        ['t', 'datetime'],
        ['b', 'bool'],
        ['r', 'real'],
        ['d', 'timespan'],
      ],
      rows: [['2024-01-01T00:00:00Z', true, 1.5, '01:00:00']],
    },
  },
  {
    name: 'datatable: an empty table counts zero rows',
    query: 'datatable(a:long)[] | count',
    expected: { columns: [['Count', 'long']], rows: [[0]] },
  },
  {
    name: 'datatable bound by let and joined to itself',
    query:
      'let T = datatable(k:long, v:string)[1, "a", 2, "b"];\nT | join kind=inner (T | project k, w = toupper(v)) on k | project k, v, w',
    expected: {
      rows: [
        [1, 'a', 'A'],
        [2, 'b', 'B'],
      ],
    },
  },
  {
    name: 'print: unnamed expressions are named print_0, print_1',
    query: 'print 1, "a"',
    expected: {
      columns: [
        ['print_0', 'long'],
        ['print_1', 'string'],
      ],
      rows: [[1, 'a']],
    },
    doc: 'print operator: unnamed columns are print_0, print_1, ...',
  },
  {
    name: 'print: named expressions of several types',
    query: 'print x = 1 + 2, s = strcat("a", "b"), r = 1.5 + 1, b = 1 < 2',
    expected: {
      columns: [
        ['x', 'long'],
        ['s', 'string'],
        ['r', 'real'],
        ['b', 'bool'],
      ],
      rows: [[3, 'ab', 2.5, true]],
    },
  },
  {
    name: 'print: a long beyond 2^53 is returned as a string',
    query: 'print a = 9007199254740993, b = tolong("9223372036854775807")',
    expected: {
      columns: [
        ['a', 'long'],
        ['b', 'long'],
      ],
      rows: [['9007199254740993', '9223372036854775807']],
    },
    doc: 'DESIGN.md §5: long beyond 2^53 as string',
  },
  {
    name: 'print followed by extend adding two computed columns',
    query: 'print x = 1 | extend y = x + 1, z = x * 10',
    expected: { rows: [[1, 2, 10]] },
  },
  {
    name: 'range: long values with a step',
    query: 'range x from 1 to 5 step 2',
    expected: { columns: [['x', 'long']], rows: [[1], [3], [5]] },
  },
  {
    name: 'range: the stop value is inclusive',
    query: 'range x from 1 to 4 step 1 | summarize n = count(), s = sum(x)',
    expected: { rows: [[4, 10]] },
  },
  {
    name: 'range: datetime values stepped by a day',
    query: 'range t from datetime(2024-01-01) to datetime(2024-01-03) step 1d',
    expected: {
      columns: [['t', 'datetime']],
      rows: [['2024-01-01T00:00:00Z'], ['2024-01-02T00:00:00Z'], ['2024-01-03T00:00:00Z']],
    },
  },
  {
    name: 'now(): the fixed query time (default now)',
    query: 'print n = now()',
    expected: { columns: [['n', 'datetime']], rows: [['2024-01-15T12:00:00Z']] },
  },
  {
    name: 'now(): follows the now option',
    query: 'print n = now()',
    now: '2024-03-01T06:30:00Z',
    expected: { columns: [['n', 'datetime']], rows: [['2024-03-01T06:30:00Z']] },
  },
  {
    name: 'ago(): now minus a timespan',
    query: 'print a = ago(1d), b = ago(90m)',
    expected: { rows: [['2024-01-14T12:00:00Z', '2024-01-15T10:30:00Z']] },
  },
  {
    name: 'ago() in a filter: rows in the last two days',
    query: 'Emp | where t > ago(2d) | project id',
    tables: { Emp },
    expected: { rows: [[5]] },
  },
  {
    name: 'ago() in a filter with >= and three days',
    query: 'Emp | where t >= ago(3d) | project id',
    tables: { Emp },
    expected: { rows: [[4], [5]] },
  },
  {
    name: 'ago() follows the now option',
    query: 'Emp | where t < ago(1d) | project id',
    tables: { Emp },
    now: '2024-01-12T00:00:00Z',
    expected: { rows: [[1]] },
  },
  {
    name: 'now() arithmetic with a timespan',
    query: 'print a = now() - 1h, b = now() + 1d, c = now() > datetime(2024-01-01)',
    expected: { rows: [['2024-01-15T11:00:00Z', '2024-01-16T12:00:00Z', true]] },
  },
  {
    name: 'comments and line breaks in a query are ignored',
    query: '// a comment line\nlet x = 1; // trailing comment\nprint r = x\n// done',
    expected: { rows: [[1]] },
  },
];
