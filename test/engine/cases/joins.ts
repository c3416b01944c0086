// join (every kind, `on Col` and `on $left.A == $right.B`), lookup, and union (withsource,
// kind=inner/outer, wildcards).
import { L, R } from './fixtures.js';
import type { CaseTable, EngineCase } from './types.js';

const A: CaseTable = {
  columns: 'id:long, name:string',
  rows: [
    [1, 'ann'],
    [2, 'ben'],
  ],
};

const B: CaseTable = {
  columns: 'uid:long, score:long',
  rows: [
    [1, 50],
    [1, 60],
    [3, 70],
  ],
};

const Fact: CaseTable = {
  columns: 'k:long, f:string',
  rows: [
    [1, 'f1'],
    [2, 'f2'],
    [3, 'f3'],
  ],
};

const Dim: CaseTable = {
  columns: 'k:long, d:string',
  rows: [
    [1, 'one'],
    [2, 'two'],
    [5, 'five'],
  ],
};

const U1: CaseTable = {
  columns: 'a:long, b:string',
  rows: [
    [1, 'p'],
    [2, 'q'],
  ],
};
const U2: CaseTable = { columns: 'a:long', rows: [[3]] };
const U3: CaseTable = { columns: 'a:long, c:real', rows: [[4, 0.5]] };

const JOIN_COLUMNS: [string, string][] = [
  ['k', 'long'],
  ['lv', 'string'],
  ['k1', 'long'],
  ['rv', 'string'],
];

export const joinCases: EngineCase[] = [
  {
    name: 'join default (innerunique): the left side is deduplicated on the key',
    query: 'L | join R on k | count',
    tables: { L, R },
    expected: { rows: [[3]] },
    doc: 'join-innerunique: inner join after deduplicating the left side on the join key',
  },
  {
    name: 'join default (innerunique): matched right rows, key columns k and k1',
    query: 'L | join R on k | project k, k1, rv',
    tables: { L, R },
    expected: {
      rows: [
        [1, 1, 'x'],
        [2, 2, 'y'],
        [2, 2, 'z'],
      ],
    },
  },
  {
    name: 'join kind=innerunique keeps one left row per duplicated key',
    query: 'L | join kind=innerunique R on k | where k == 1 | count',
    tables: { L, R },
    expected: { rows: [[1]] },
  },
  {
    name: 'join innerunique: the doc example projected on the unambiguous columns',
    query: `let X = datatable(Key:string, Value1:long)
[
    'a',1,
    'b',2,
    'b',3,
    'c',4
];
let Y = datatable(Key:string, Value2:long)
[
    'b',10,
    'c',20,
    'c',30,
    'd',40
];
X | join Y on Key | project Key, Key1, Value2`,
    expected: {
      rows: [
        ['b', 'b', 10],
        ['c', 'c', 20],
        ['c', 'c', 30],
      ],
    },
    doc: 'join-innerunique example',
  },
  {
    name: 'join kind=inner: every matching pair, schema k, lv, k1, rv',
    query: 'L | join kind=inner R on k',
    tables: { L, R },
    expected: {
      columns: JOIN_COLUMNS,
      rows: [
        [1, 'a', 1, 'x'],
        [1, 'b', 1, 'x'],
        [2, 'c', 2, 'y'],
        [2, 'c', 2, 'z'],
      ],
    },
  },
  {
    name: 'join kind=leftouter: unmatched left rows with null right cells',
    query: 'L | join kind=leftouter R on k',
    tables: { L, R },
    expected: {
      columns: JOIN_COLUMNS,
      rows: [
        [1, 'a', 1, 'x'],
        [1, 'b', 1, 'x'],
        [2, 'c', 2, 'y'],
        [2, 'c', 2, 'z'],
        [3, 'd', null, ''],
      ],
    },
  },
  {
    name: 'join kind=rightouter: unmatched right rows with null left cells',
    query: 'L | join kind=rightouter R on k',
    tables: { L, R },
    expected: {
      columns: JOIN_COLUMNS,
      rows: [
        [1, 'a', 1, 'x'],
        [1, 'b', 1, 'x'],
        [2, 'c', 2, 'y'],
        [2, 'c', 2, 'z'],
        [null, '', 4, 'w'],
      ],
    },
  },
  {
    name: 'join kind=fullouter: unmatched rows from both sides',
    query: 'L | join kind=fullouter R on k',
    tables: { L, R },
    expected: {
      columns: JOIN_COLUMNS,
      rows: [
        [1, 'a', 1, 'x'],
        [1, 'b', 1, 'x'],
        [2, 'c', 2, 'y'],
        [2, 'c', 2, 'z'],
        [3, 'd', null, ''],
        [null, '', 4, 'w'],
      ],
    },
  },
  {
    name: 'join kind=leftanti: left rows without a match, left columns only',
    query: 'L | join kind=leftanti R on k',
    tables: { L, R },
    expected: {
      columns: [
        ['k', 'long'],
        ['lv', 'string'],
      ],
      rows: [[3, 'd']],
    },
  },
  {
    name: 'join kind=anti is leftanti',
    query: 'L | join kind=anti R on k | project lv',
    tables: { L, R },
    expected: { rows: [['d']] },
  },
  {
    name: 'join kind=rightanti: right rows without a match, right columns only',
    query: 'L | join kind=rightanti R on k',
    tables: { L, R },
    expected: {
      columns: [
        ['k', 'long'],
        ['rv', 'string'],
      ],
      rows: [[4, 'w']],
    },
  },
  {
    name: 'join kind=leftsemi: left rows with a match, each once',
    query: 'L | join kind=leftsemi R on k',
    tables: { L, R },
    expected: {
      columns: [
        ['k', 'long'],
        ['lv', 'string'],
      ],
      rows: [
        [1, 'a'],
        [1, 'b'],
        [2, 'c'],
      ],
    },
  },
  {
    name: 'join kind=rightsemi: right rows with a match, each once',
    query: 'L | join kind=rightsemi R on k',
    tables: { L, R },
    expected: {
      columns: [
        ['k', 'long'],
        ['rv', 'string'],
      ],
      rows: [
        [1, 'x'],
        [2, 'y'],
        [2, 'z'],
      ],
    },
  },
  {
    name: 'join on $left.A == $right.B: both key columns kept under their own names',
    query: 'A | join kind=inner B on $left.id == $right.uid',
    tables: { A, B },
    expected: {
      columns: [
        ['id', 'long'],
        ['name', 'string'],
        ['uid', 'long'],
        ['score', 'long'],
      ],
      rows: [
        [1, 'ann', 1, 50],
        [1, 'ann', 1, 60],
      ],
    },
  },
  {
    name: 'join leftouter on $left.A == $right.B',
    query: 'A | join kind=leftouter B on $left.id == $right.uid | project name, score',
    tables: { A, B },
    expected: {
      rows: [
        ['ann', 50],
        ['ann', 60],
        ['ben', null],
      ],
    },
  },
  {
    name: 'join default kind on $left.A == $right.B with a unique left side',
    query: 'A | join B on $left.id == $right.uid | project name, score',
    tables: { A, B },
    expected: {
      rows: [
        ['ann', 50],
        ['ann', 60],
      ],
    },
  },
  {
    name: 'join on two key columns',
    query: `let M1 = datatable(a:long, b:string, v:long)[1, "x", 10, 1, "y", 20, 2, "x", 30];
let M2 = datatable(a:long, b:string, w:long)[1, "x", 100, 2, "y", 200, 2, "x", 300];
M1 | join kind=inner M2 on a, b | project a, b, v, w`,
    expected: {
      rows: [
        [1, 'x', 10, 100],
        [2, 'x', 30, 300],
      ],
    },
  },
  {
    name: 'join: a non-key column present on both sides is renamed with suffix 1',
    query: `let L3 = datatable(k:long, v:string)[1, "l1"];
let R3 = datatable(k:long, v:string)[1, "r1"];
L3 | join kind=inner R3 on k`,
    expected: {
      columns: [
        ['k', 'long'],
        ['v', 'string'],
        ['k1', 'long'],
        ['v1', 'string'],
      ],
      rows: [[1, 'l1', 1, 'r1']],
    },
  },
  {
    name: 'join with a filtered subquery on the right',
    query: 'L | join kind=inner (R | where rv != "z") on k | project lv, rv',
    tables: { L, R },
    expected: {
      rows: [
        ['a', 'x'],
        ['b', 'x'],
        ['c', 'y'],
      ],
    },
  },
  {
    name: 'join followed by summarize',
    query: 'L | join kind=inner R on k | summarize n = count() by lv',
    tables: { L, R },
    expected: {
      rows: [
        ['a', 1],
        ['b', 1],
        ['c', 2],
      ],
    },
  },
  {
    name: 'lookup (default leftouter): the key appears once, unmatched rows kept',
    query: 'Fact | lookup Dim on k',
    tables: { Fact, Dim },
    expected: {
      columns: [
        ['k', 'long'],
        ['f', 'string'],
        ['d', 'string'],
      ],
      rows: [
        [1, 'f1', 'one'],
        [2, 'f2', 'two'],
        [3, 'f3', ''],
      ],
    },
    doc: 'lookup operator: leftouter is the default; lookup keys appear only once',
  },
  {
    name: 'lookup kind=inner drops unmatched rows',
    query: 'Fact | lookup kind=inner Dim on k',
    tables: { Fact, Dim },
    expected: {
      rows: [
        [1, 'f1', 'one'],
        [2, 'f2', 'two'],
      ],
    },
  },
  {
    name: 'lookup on $left.A == $right.B',
    query: 'Fact | lookup (Dim | project-rename dk = k) on $left.k == $right.dk | project k, f, d',
    tables: { Fact, Dim },
    expected: {
      rows: [
        [1, 'f1', 'one'],
        [2, 'f2', 'two'],
        [3, 'f3', ''],
      ],
    },
  },
  {
    name: 'lookup on two columns (doc example)',
    query: `let FactTable=datatable(Row:string,Personal:string,Family:string) [
  "1", "Bill",   "Gates",
  "2", "Bill",   "Clinton",
  "3", "Bill",   "Clinton",
  "4", "Steve",  "Ballmer",
  "5", "Tim",    "Cook"
];
let DimTable=datatable(Personal:string,Family:string,Alias:string) [
  "Bill",  "Gates",   "billg",
  "Bill",  "Clinton", "billc",
  "Steve", "Ballmer", "steveb",
  "Tim",   "Cook",    "timc"
];
FactTable
| lookup kind=leftouter DimTable on Personal, Family`,
    expected: {
      columns: [
        ['Row', 'string'],
        ['Personal', 'string'],
        ['Family', 'string'],
        ['Alias', 'string'],
      ],
      rows: [
        ['1', 'Bill', 'Gates', 'billg'],
        ['2', 'Bill', 'Clinton', 'billc'],
        ['3', 'Bill', 'Clinton', 'billc'],
        ['4', 'Steve', 'Ballmer', 'steveb'],
        ['5', 'Tim', 'Cook', 'timc'],
      ],
    },
    doc: 'lookup operator example',
  },
  {
    name: 'union of two tables',
    query: 'union U1, U2 | project a',
    tables: { U1, U2 },
    expected: { rows: [[1], [2], [3]] },
  },
  {
    name: 'union withsource names the source table',
    query: 'union withsource=Src U1, U2 | project Src, a',
    tables: { U1, U2 },
    expected: {
      rows: [
        ['U1', 1],
        ['U1', 2],
        ['U2', 3],
      ],
    },
  },
  {
    name: 'union (default outer): columns of all inputs, missing cells null',
    query: 'union U1, U3 | project a, b, c',
    tables: { U1, U3 },
    expected: {
      columns: [
        ['a', 'long'],
        ['b', 'string'],
        ['c', 'real'],
      ],
      rows: [
        [1, 'p', null],
        [2, 'q', null],
        [4, '', 0.5],
      ],
    },
  },
  {
    name: 'union kind=outer explicitly',
    query: 'union kind=outer U2, U3 | project a, c',
    tables: { U2, U3 },
    expected: {
      rows: [
        [3, null],
        [4, 0.5],
      ],
    },
  },
  {
    name: 'union kind=inner keeps only the common columns',
    query: 'union kind=inner U1, U3',
    tables: { U1, U3 },
    expected: { columns: [['a', 'long']], rows: [[1], [2], [4]] },
  },
  {
    name: 'union with a table wildcard',
    query: 'union withsource=Src Zz* | summarize n = count() by Src',
    tables: {
      ZzOne: { columns: 'a:long', rows: [[1], [2]] },
      ZzTwo: { columns: 'a:long', rows: [[3]] },
      Other: { columns: 'a:long', rows: [[9]] },
    },
    expected: {
      rows: [
        ['ZzOne', 2],
        ['ZzTwo', 1],
      ],
    },
  },
  {
    name: 'union as a pipe operator',
    query: 'U1 | union U2 | count',
    tables: { U1, U2 },
    expected: { rows: [[3]] },
  },
  {
    name: 'union of parenthesized subqueries',
    query: 'union (U1 | where a > 1), (U2 | where a > 0) | project a',
    tables: { U1, U2 },
    expected: { rows: [[2], [3]] },
  },
  {
    name: 'union keeps duplicate rows',
    query: 'union U2, U2, U2 | count',
    tables: { U2 },
    expected: { rows: [[3]] },
  },
];
