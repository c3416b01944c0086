// Null semantics: sticky arithmetic, comparisons, strings that are never null, nulls in
// aggregates, grouping and ordering.
import { Emp, Sales } from './fixtures.js';
import type { CaseTable, EngineCase } from './types.js';

const Strs: CaseTable = {
  columns: 's:string, n:long',
  rows: [
    [null, null],
    ['', 0],
    ['x', 1],
  ],
};

export const nullCases: EngineCase[] = [
  {
    name: 'binary operations with null give null (doc example)',
    query: 'datatable(val:int)[5, int(null)] | extend Add = val + 10, Multiply = val * 10',
    expected: {
      rows: [
        [5, 15, 50],
        [null, null, null],
      ],
    },
    doc: 'null-values: binary operations on null',
  },
  {
    name: 'equality and inequality with null (doc example)',
    query: `datatable(val:int)[5, int(null)]
| extend IsBiggerThan3 = val > 3
| extend IsBiggerThan3OrNull = val > 3 or isnull(val)
| extend IsEqualToNull = val == int(null)
| extend IsNotEqualToNull = val != int(null)`,
    expected: {
      columns: [
        ['val', 'int'],
        ['IsBiggerThan3', 'bool'],
        ['IsBiggerThan3OrNull', 'bool'],
        ['IsEqualToNull', 'bool'],
        ['IsNotEqualToNull', 'bool'],
      ],
      rows: [
        [5, true, true, false, true],
        [null, null, true, null, null],
      ],
    },
    doc: 'null-values: == of null and non-null is false, != is true; of two nulls both are null',
  },
  {
    name: 'where != keeps a null value (doc example)',
    query: 'datatable(ival:int, sval:string)[5, "a", int(null), "b"] | where ival != 5',
    expected: { rows: [[null, 'b']] },
    doc: 'null-values: null values and the where operator',
  },
  {
    name: 'where == never keeps a null value',
    query: 'datatable(ival:int, sval:string)[5, "a", int(null), "b"] | where ival == 5 or ival == int(null)',
    expected: { rows: [[5, 'a']] },
    doc: 'null-values: == of two nulls is null, treated as false by where',
  },
  {
    name: 'not() of null is null; and with false is false; or with true is true',
    query:
      'print a = not(bool(null)), b = bool(null) and false, c = bool(null) or true, d = bool(null) and true',
    expected: { rows: [[null, false, true, null]] },
    doc: 'null-values: exceptions for logical AND and OR; not() of null is null',
  },
  {
    name: 'null literals of every type are null',
    query:
      'print a = isnull(bool(null)), b = isnull(datetime(null)), c = isnull(dynamic(null)), d = isnull(guid(null)), e = isnull(int(null)), f = isnull(real(null)), g = isnull(time(null))',
    expected: { rows: [[true, true, true, true, true, true, true]] },
    doc: 'null-values: null literals',
  },
  {
    name: 'null literals print as null',
    query: 'print a = long(null), b = real(null), c = datetime(null), d = bool(null)',
    expected: {
      columns: [
        ['a', 'long'],
        ['b', 'real'],
        ['c', 'datetime'],
        ['d', 'bool'],
      ],
      rows: [[null, null, null, null]],
    },
  },
  {
    name: 'real arithmetic with null is null',
    query: 'print a = real(null) * 2.0, b = 1.5 + real(null)',
    expected: { rows: [[null, null]] },
  },
  {
    name: 'a null string input becomes the empty string',
    query: 'Strs | project s, e = isempty(s), nn = isnull(s), len = strlen(s)',
    tables: { Strs },
    expected: {
      columns: [
        ['s', 'string'],
        ['e', 'bool'],
        ['nn', 'bool'],
        ['len', 'long'],
      ],
      rows: [
        ['', true, false, 0],
        ['', true, false, 0],
        ['x', false, false, 1],
      ],
    },
    doc: 'null-values: the string type does not support null values',
  },
  {
    name: 'isnull and isempty on a long column',
    query: 'Strs | project n, a = isnull(n), b = isempty(n), c = isnotnull(n)',
    tables: { Strs },
    expected: {
      rows: [
        [null, true, true, false],
        [0, false, false, true],
        [1, false, false, true],
      ],
    },
  },
  {
    name: 'where isnull selects the null row',
    query: 'Emp | where isnull(salary) | project name',
    tables: { Emp },
    expected: { rows: [['dave']] },
  },
  {
    name: 'where isnotnull counts the non-null rows',
    query: 'Emp | where isnotnull(salary) | count',
    tables: { Emp },
    expected: { rows: [[4]] },
  },
  {
    name: 'in does not match null',
    query: 'Emp | where salary in (100, 80) | project id',
    tables: { Emp },
    expected: { rows: [[1], [2]] },
  },
  {
    name: 'where on empty strings: isempty and isnotempty',
    query: 'Strs | where isnotempty(s) | project s',
    tables: { Strs },
    expected: { rows: [['x']] },
  },
  {
    name: 'summarize by a key with nulls groups the nulls together',
    query: 'datatable(k:long, v:long)[1, 1, long(null), 2, long(null), 3] | summarize s = sum(v) by k',
    expected: {
      rows: [
        [1, 1],
        [null, 5],
      ],
    },
  },
  {
    name: 'min, max, sum and avg ignore nulls; count() does not',
    query:
      'Emp | summarize c = count(), lo = min(salary), hi = max(salary), s = sum(salary), a = avg(salary)',
    tables: { Emp },
    expected: { rows: [[5, 80, 120, 390, 97.5]] },
  },
  {
    name: 'dcount ignores nulls, count() counts the row',
    query: 'datatable(v:long)[1, 1, long(null), 2] | summarize c = count(), d = dcount(v)',
    expected: { rows: [[4, 2]] },
  },
  {
    name: 'countif with a null predicate value does not count it',
    query: 'Sales | summarize n = countif(qty < 100)',
    tables: { Sales },
    expected: { rows: [[5]] },
  },
  {
    name: 'tostring of null is the empty string and strcat treats it as empty',
    query: 'print a = tostring(long(null)), b = strcat("a", tostring(real(null)), "b")',
    expected: { rows: [['', 'ab']] },
  },
  {
    name: 'coalesce over a column with nulls',
    query: 'Emp | project id, s = coalesce(salary, 0) | where id in (3, 4)',
    tables: { Emp },
    expected: {
      rows: [
        [3, 120],
        [4, 0],
      ],
    },
  },
  {
    name: 'iff on a null-safe predicate',
    query:
      'Emp | extend band = iff(isnull(salary), "none", iff(salary >= 100, "high", "low")) | project id, band',
    tables: { Emp },
    expected: {
      rows: [
        [1, 'high'],
        [2, 'low'],
        [3, 'high'],
        [4, 'none'],
        [5, 'low'],
      ],
    },
  },
];
