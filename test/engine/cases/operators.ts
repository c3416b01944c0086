// Tabular operators: where, project*, extend, count, take/limit, top, sort/order (with KQL's null
// ordering), distinct, getschema, as, serialize with row_number/prev/next, render.
import { Emp } from './fixtures.js';
import type { EngineCase } from './types.js';

const EMP_COLUMNS: [string, string][] = [
  ['id', 'long'],
  ['name', 'string'],
  ['dept', 'string'],
  ['salary', 'long'],
  ['t', 'datetime'],
];

export const operatorCases: EngineCase[] = [
  {
    name: 'table reference returns every row and column',
    query: 'Emp',
    tables: { Emp },
    expected: { columns: EMP_COLUMNS, rows: Emp.rows },
  },
  {
    name: 'where: numeric comparison excludes null values',
    query: 'Emp | where salary > 85 | project id',
    tables: { Emp },
    expected: { rows: [[1], [3], [5]] },
  },
  {
    name: 'where: and binds tighter than or',
    query: 'Emp | where dept == "eng" and salary < 90 or id == 5 | project id',
    tables: { Emp },
    expected: { rows: [[2], [5]] },
  },
  {
    name: 'where: not()',
    query: 'Emp | where not(dept == "eng") | project id',
    tables: { Emp },
    expected: { rows: [[3], [4], [5]] },
  },
  {
    name: 'where: != between null and a value is true, so the null row is kept',
    query: 'Emp | where salary != 100 | project id',
    tables: { Emp },
    expected: { rows: [[2], [3], [4], [5]] },
    doc: 'null-values: inequality of a null and a non-null value yields bool(true)',
  },
  {
    name: 'where: datetime comparison with a literal',
    query: 'Emp | where t >= datetime(2024-01-12) | project id',
    tables: { Emp },
    expected: { rows: [[3], [4], [5]] },
  },
  {
    name: 'where: two chained filters',
    query: 'Emp | where dept == "ops" | where isnotnull(salary) | project name',
    tables: { Emp },
    expected: { rows: [['carol']] },
  },
  {
    name: 'project: choose, rename and compute columns',
    query: 'Emp | where id <= 2 | project id, upper = toupper(name), s2 = salary * 2',
    tables: { Emp },
    expected: {
      columns: [
        ['id', 'long'],
        ['upper', 'string'],
        ['s2', 'long'],
      ],
      rows: [
        [1, 'ALICE', 200],
        [2, 'BOB', 160],
      ],
    },
  },
  {
    name: 'project-away: drops the named columns',
    query: 'Emp | project-away t, salary | where id == 1',
    tables: { Emp },
    expected: {
      columns: [
        ['id', 'long'],
        ['name', 'string'],
        ['dept', 'string'],
      ],
      rows: [[1, 'alice', 'eng']],
    },
  },
  {
    name: 'project-away: a wildcard pattern',
    query: 'Emp | project-away s*, t | where id == 1',
    tables: { Emp },
    expected: {
      columns: [
        ['id', 'long'],
        ['name', 'string'],
        ['dept', 'string'],
      ],
      rows: [[1, 'alice', 'eng']],
    },
  },
  {
    name: 'project-rename: renames in place and keeps the other columns',
    query: 'Emp | project-rename person = name | where id == 1',
    tables: { Emp },
    expected: {
      columns: [
        ['id', 'long'],
        ['person', 'string'],
        ['dept', 'string'],
        ['salary', 'long'],
        ['t', 'datetime'],
      ],
      rows: [[1, 'alice', 'eng', 100, '2024-01-10T08:00:00Z']],
    },
  },
  {
    name: 'project-reorder: listed columns first, the rest in their original order',
    query: 'Emp | project-reorder salary, name | where id == 1',
    tables: { Emp },
    expected: {
      columns: [
        ['salary', 'long'],
        ['name', 'string'],
        ['id', 'long'],
        ['dept', 'string'],
        ['t', 'datetime'],
      ],
      rows: [[100, 'alice', 1, 'eng', '2024-01-10T08:00:00Z']],
    },
    doc: 'project-reorder operator',
  },
  {
    name: 'extend: integer division of long by long, null stays null',
    query: 'Emp | extend bonus = salary / 10 | where id in (1, 4) | project id, bonus',
    tables: { Emp },
    expected: {
      columns: [
        ['id', 'long'],
        ['bonus', 'long'],
      ],
      rows: [
        [1, 10],
        [4, null],
      ],
    },
  },
  {
    name: 'extend: replacing an existing column',
    query: 'Emp | extend salary = salary + 1 | where id == 1 | project id, salary',
    tables: { Emp },
    expected: { rows: [[1, 101]] },
  },
  {
    name: 'extend: an unnamed expression becomes Column1',
    query: 'datatable(a:long)[1, 2] | extend a * 10',
    expected: {
      columns: [
        ['a', 'long'],
        ['Column1', 'long'],
      ],
      rows: [
        [1, 10],
        [2, 20],
      ],
    },
  },
  {
    name: 'count operator returns one Count column',
    query: 'Emp | count',
    tables: { Emp },
    expected: { columns: [['Count', 'long']], rows: [[5]] },
  },
  {
    name: 'count operator after a filter',
    query: 'Emp | where dept == "ops" | count',
    tables: { Emp },
    expected: { columns: [['Count', 'long']], rows: [[2]] },
  },
  {
    name: 'count operator on an empty input is zero',
    query: 'Emp | where id > 100 | count',
    tables: { Emp },
    expected: { columns: [['Count', 'long']], rows: [[0]] },
  },
  {
    name: 'take: returns the requested number of rows',
    query: 'Emp | take 2 | count',
    tables: { Emp },
    expected: { rows: [[2]] },
  },
  {
    name: 'limit: more than available returns all rows',
    query: 'Emp | limit 10 | count',
    tables: { Emp },
    expected: { rows: [[5]] },
  },
  {
    name: 'take 0 returns no rows',
    query: 'Emp | take 0 | count',
    tables: { Emp },
    expected: { rows: [[0]] },
  },
  {
    name: 'sort then take: the first rows of the order',
    query: 'Emp | sort by id asc | take 2 | project id',
    tables: { Emp },
    expected: { rows: [[1], [2]], ordered: true },
  },
  {
    name: 'top: default is descending with nulls last',
    query: 'Emp | top 3 by salary | project id, salary',
    tables: { Emp },
    expected: {
      rows: [
        [3, 120],
        [1, 100],
        [5, 90],
      ],
      ordered: true,
    },
  },
  {
    name: 'top asc: nulls come first by default',
    query: 'Emp | top 2 by salary asc | project id, salary',
    tables: { Emp },
    expected: {
      rows: [
        [4, null],
        [2, 80],
      ],
      ordered: true,
    },
    doc: 'top operator: default for asc is nulls first',
  },
  {
    name: 'top asc nulls last',
    query: 'Emp | top 2 by salary asc nulls last | project id',
    tables: { Emp },
    expected: { rows: [[2], [5]], ordered: true },
  },
  {
    name: 'top by a computed expression',
    query: 'Emp | top 1 by strlen(name) asc | project name',
    tables: { Emp },
    expected: { rows: [['bob']], ordered: true },
  },
  {
    name: 'sort: default order is descending, nulls last',
    query: 'Emp | sort by salary | project id',
    tables: { Emp },
    expected: { rows: [[3], [1], [5], [2], [4]], ordered: true },
    doc: 'sort operator: default desc; default nulls last for desc',
  },
  {
    name: 'sort asc: nulls first',
    query: 'Emp | sort by salary asc | project id',
    tables: { Emp },
    expected: { rows: [[4], [2], [5], [1], [3]], ordered: true },
    doc: 'sort operator: default nulls first for asc',
  },
  {
    name: 'order by desc nulls first',
    query: 'Emp | order by salary desc nulls first | project id',
    tables: { Emp },
    expected: { rows: [[4], [3], [1], [5], [2]], ordered: true },
  },
  {
    name: 'sort asc nulls last',
    query: 'Emp | sort by salary asc nulls last | project id',
    tables: { Emp },
    expected: { rows: [[2], [5], [1], [3], [4]], ordered: true },
  },
  {
    name: 'sort by two keys with different directions',
    query: 'Emp | sort by dept asc, id desc | project id',
    tables: { Emp },
    expected: { rows: [[2], [1], [4], [3], [5]], ordered: true },
  },
  {
    name: 'sort by a datetime descending',
    query: 'Emp | sort by t desc | project id',
    tables: { Emp },
    expected: { rows: [[5], [4], [3], [2], [1]], ordered: true },
  },
  {
    name: 'sort by a string ascending',
    query: 'Emp | sort by name asc | project name',
    tables: { Emp },
    expected: { rows: [['alice'], ['bob'], ['carol'], ['dave'], ['erin']], ordered: true },
  },
  {
    name: 'distinct: one column',
    query: 'Emp | distinct dept',
    tables: { Emp },
    expected: { columns: [['dept', 'string']], rows: [['eng'], ['ops'], ['sales']] },
  },
  {
    name: 'distinct: two columns',
    query: 'Emp | extend paid = isnotnull(salary) | distinct dept, paid',
    tables: { Emp },
    expected: {
      rows: [
        ['eng', true],
        ['ops', true],
        ['ops', false],
        ['sales', true],
      ],
    },
  },
  {
    name: 'getschema: column names, ordinals and KQL types',
    query: 'Emp | getschema | project ColumnName, ColumnOrdinal, ColumnType',
    tables: { Emp },
    expected: {
      rows: [
        ['id', 0, 'long'],
        ['name', 1, 'string'],
        ['dept', 2, 'string'],
        ['salary', 3, 'long'],
        ['t', 4, 'datetime'],
      ],
    },
    doc: 'getschema operator: ColumnName, ColumnOrdinal, DataType, ColumnType',
  },
  {
    name: 'getschema: .NET DataType names',
    query:
      'datatable(a:long, b:string, c:real, d:datetime, e:bool, f:dynamic, g:int)[] | getschema | project ColumnName, DataType',
    expected: {
      rows: [
        ['a', 'System.Int64'],
        ['b', 'System.String'],
        ['c', 'System.Double'],
        ['d', 'System.DateTime'],
        ['e', 'System.Boolean'],
        ['f', 'System.Object'],
        ['g', 'System.Int32'],
      ],
    },
    doc: 'getschema operator example (StormEvents) and mv-expand "Convert output" example',
  },
  {
    name: 'getschema: all four columns of the schema table',
    query: 'datatable(a:long)[] | getschema | project ColumnName, ColumnOrdinal, DataType, ColumnType',
    expected: { rows: [['a', 0, 'System.Int64', 'long']] },
  },
  {
    name: 'as: names legs of a union for withsource',
    query:
      'range x from 1 to 2 step 1 | as T1 | union withsource=TableName (range x from 1 to 2 step 1 | as T2) | project TableName, x',
    expected: {
      rows: [
        ['T1', 1],
        ['T1', 2],
        ['T2', 1],
        ['T2', 2],
      ],
    },
    doc: 'as operator example',
  },
  {
    name: 'as: does not change the rows',
    query: 'Emp | as E | where id > 3 | count',
    tables: { Emp },
    expected: { rows: [[2]] },
  },
  {
    name: 'row_number after sort numbers rows from 1',
    query: 'Emp | sort by id asc | extend rn = row_number() | project id, rn',
    tables: { Emp },
    expected: {
      rows: [
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 5],
      ],
      ordered: true,
    },
  },
  {
    name: 'row_number follows a descending sort',
    query: 'range x from 1 to 3 step 1 | sort by x desc | extend rn = row_number()',
    expected: {
      rows: [
        [3, 1],
        [2, 2],
        [1, 3],
      ],
      ordered: true,
    },
  },
  {
    name: 'prev() and next() are null at the edges',
    query: 'Emp | sort by id asc | extend p = prev(id), n = next(id) | project id, p, n',
    tables: { Emp },
    expected: {
      rows: [
        [1, null, 2],
        [2, 1, 3],
        [3, 2, 4],
        [4, 3, 5],
        [5, 4, null],
      ],
      ordered: true,
    },
  },
  {
    name: 'prev() with an offset and a default value',
    query: 'range x from 1 to 4 step 1 | sort by x asc | extend p2 = prev(x, 2, 0) | project x, p2',
    expected: {
      rows: [
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 2],
      ],
      ordered: true,
    },
    doc: 'prev(column, offset, default_value)',
  },
  {
    name: 'prev() on a string column gives the previous value',
    query: 'Emp | sort by id asc | extend before = prev(name) | where id == 2 | project before',
    tables: { Emp },
    expected: { rows: [['alice']] },
  },
  {
    name: 'serialize then row_number: the maximum equals the row count',
    query: 'Emp | serialize | extend rn = row_number() | summarize max(rn)',
    tables: { Emp },
    expected: { columns: [['max_rn', 'long']], rows: [[5]] },
  },
  {
    name: 'serialize with a computed column after an order',
    query: 'Emp | order by salary desc | serialize r = row_number() | where r <= 2 | project id',
    tables: { Emp },
    expected: { rows: [[3], [1]], ordered: true },
  },
  {
    name: 'render leaves the rows unchanged (barchart)',
    query: 'Emp | summarize n = count() by dept | render barchart',
    tables: { Emp },
    expected: {
      rows: [
        ['eng', 2],
        ['ops', 2],
        ['sales', 1],
      ],
    },
  },
  {
    name: 'render leaves the rows unchanged (timechart)',
    query: 'range x from 1 to 3 step 1 | render timechart',
    expected: { rows: [[1], [2], [3]] },
  },
];
