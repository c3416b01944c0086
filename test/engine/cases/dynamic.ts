// Dynamic values: property and index access, JSON results, array and bag functions, mv-expand.
import { Dyn } from './fixtures.js';
import type { EngineCase } from './types.js';

export const dynamicCases: EngineCase[] = [
  {
    name: 'dot access into nested bags; a missing path is null',
    query: 'Dyn | project id, v = tolong(d.a.b)',
    tables: { Dyn },
    expected: {
      rows: [
        [1, 5],
        [2, 7],
        [3, null],
      ],
    },
  },
  {
    name: "bracket access d['k'] for a key that is not an identifier",
    query: "Dyn | where id == 1 | project v = tostring(d['k-1'])",
    tables: { Dyn },
    expected: { rows: [['x']] },
  },
  {
    name: 'index access d.arr[0]; out of range is null',
    query: 'Dyn | project id, v = tolong(d.arr[0])',
    tables: { Dyn },
    expected: {
      rows: [
        [1, 10],
        [2, null],
        [3, 1],
      ],
    },
  },
  {
    name: 'a dynamic bag is returned as its JSON value',
    query: 'Dyn | where id == 1 | project v = d.a',
    tables: { Dyn },
    expected: { columns: [['v', 'dynamic']], rows: [[{ b: 5 }]] },
  },
  {
    name: 'a dynamic column is returned as its JSON value',
    query: 'Dyn | where id == 2',
    tables: { Dyn },
    expected: {
      columns: [
        ['id', 'long'],
        ['d', 'dynamic'],
      ],
      rows: [[2, { a: { b: 7 }, arr: [], name: 'n2' }]],
    },
  },
  {
    name: 'tostring of a dynamic string is the bare text; of a bag its compact JSON',
    query: 'Dyn | where id == 1 | project n = tostring(d.name), j = tostring(d.a)',
    tables: { Dyn },
    expected: { rows: [['n1', '{"b":5}']] },
  },
  {
    name: 'a missing property is null and empty',
    query:
      'Dyn | where id == 3 | project a = isnull(d.name), b = isempty(d.name), c = isempty(tostring(d.name))',
    tables: { Dyn },
    expected: { rows: [[true, true, true]] },
  },
  {
    name: 'array_length',
    query: 'Dyn | project id, n = array_length(d.arr)',
    tables: { Dyn },
    expected: {
      rows: [
        [1, 3],
        [2, 0],
        [3, 1],
      ],
    },
  },
  {
    name: 'comparing a dynamic property with a string',
    query: 'Dyn | where d.name == "n2" | project id',
    tables: { Dyn },
    expected: { rows: [[2]] },
  },
  {
    name: 'converting a dynamic property before a numeric comparison',
    query: 'Dyn | where toint(d.a.b) > 5 | project id',
    tables: { Dyn },
    expected: { rows: [[2]] },
  },
  {
    name: 'parse_json then access an array element and a property',
    query: 'print j = parse_json(\'[1, {"a": "b"}]\') | project v = tostring(j[1].a), w = tolong(j[0])',
    expected: { rows: [['b', 1]] },
  },
  {
    name: 'todynamic of a JSON object',
    query: 'print v = todynamic(\'{"k": true, "n": 2}\') | project k = tobool(v.k), n = tolong(v.n)',
    expected: { rows: [[true, 2]] },
  },
  {
    name: 'nested array indexing',
    query: 'print a = tolong(dynamic([[1, 2], [3]])[1][0])',
    expected: { rows: [[3]] },
  },
  {
    name: 'a negative index counts from the end of the array',
    query: 'print a = tolong(dynamic([1, 2, 3])[-1]), b = tolong(dynamic([1, 2, 3])[-3])',
    expected: { rows: [[3, 1]] },
    doc: 'dynamic data type: arr[-index] retrieves the index-th value from the end',
  },
  {
    name: 'a dynamic literal with an array and a JSON null',
    query: 'print d = dynamic({"a": [1, 2], "b": null, "c": "s"})',
    expected: { columns: [['d', 'dynamic']], rows: [[{ a: [1, 2], b: null, c: 's' }]] },
  },
  {
    name: 'array_concat',
    query: 'print a = array_concat(dynamic([1, 2]), dynamic([3]), dynamic(["x"]))',
    expected: { rows: [[[1, 2, 3, 'x']]] },
  },
  {
    name: 'set_union keeps the distinct values (doc example)',
    query: `range x from 1 to 3 step 1
| extend y = x * 2
| extend z = y * 2
| extend w = z * 2
| extend a1 = pack_array(x,y,x,z), a2 = pack_array(x, y), a3 = pack_array(w)
| project a1,a2,a3,Out=set_union(a1, a2, a3)`,
    expected: {
      rows: [
        [[1, 2, 1, 4], [1, 2], [8], [1, 2, 4, 8]],
        [[2, 4, 2, 8], [2, 4], [16], [2, 4, 8, 16]],
        [[3, 6, 3, 12], [3, 6], [24], [3, 6, 12, 24]],
      ],
    },
    doc: 'set_union() example',
  },
  {
    name: 'set_intersect',
    query: 'print a = set_intersect(dynamic([1, 2, 3]), dynamic([3, 4]))',
    expected: { rows: [[[3]]] },
  },
  {
    name: 'pack_array of mixed values',
    query: 'print a = pack_array(1, "x", true)',
    expected: { rows: [[[1, 'x', true]]] },
  },
  {
    name: 'bag_pack and pack build property bags',
    query: 'print a = bag_pack("k", 1, "s", "v"), b = pack("x", 2)',
    expected: { rows: [[{ k: 1, s: 'v' }, { x: 2 }]] },
  },
  {
    name: 'bag_keys lists the keys',
    query: 'print k = bag_keys(dynamic({"a": 1, "b": 2})) | mv-expand k to typeof(string)',
    expected: { rows: [['a'], ['b']] },
  },
  {
    name: 'mv-expand an array (doc example)',
    query: `datatable (a: int, b: dynamic)
[
    1, dynamic([10, 20]),
    2, dynamic(['a', 'b'])
]
| mv-expand b`,
    expected: {
      columns: [
        ['a', 'int'],
        ['b', 'dynamic'],
      ],
      rows: [
        [1, 10],
        [1, 20],
        [2, 'a'],
        [2, 'b'],
      ],
    },
    doc: 'mv-expand example: single column, array expansion',
  },
  {
    name: 'mv-expand a property bag into single-entry bags (doc example)',
    query: `datatable (a: int, b: dynamic)
[
    1, dynamic({"prop1": "a1", "prop2": "b1"}),
    2, dynamic({"prop1": "a2", "prop2": "b2"})
]
| mv-expand b`,
    expected: {
      rows: [
        [1, { prop1: 'a1' }],
        [1, { prop2: 'b1' }],
        [2, { prop1: 'a2' }],
        [2, { prop2: 'b2' }],
      ],
    },
    doc: 'mv-expand example: single column, bag expansion',
  },
  {
    name: 'mv-expand kind=array turns bag entries into [key, value] (doc example)',
    query: `datatable (a: int, b: dynamic)
[
    1, dynamic({"prop1": "a1", "prop2": "b1"}),
    2, dynamic({"prop1": "a2", "prop2": "b2"})
]
| mv-expand kind=array b
| extend key = tostring(b[0]), val = tostring(b[1])
| project a, key, val`,
    expected: {
      rows: [
        [1, 'prop1', 'a1'],
        [1, 'prop2', 'b1'],
        [2, 'prop1', 'a2'],
        [2, 'prop2', 'b2'],
      ],
    },
    doc: 'mv-expand example: bag expansion to key-value pairs',
  },
  {
    name: 'mv-expand two columns zips them, padding with null (doc example)',
    query: `datatable (a: int, b: dynamic, c: dynamic)[
    1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])
]
| mv-expand b, c`,
    expected: {
      rows: [
        [1, { prop1: 'a' }, 5],
        [1, { prop2: 'b' }, 4],
        [1, null, 3],
      ],
    },
    doc: 'mv-expand example: zipped two columns',
  },
  {
    name: 'mv-expand twice gives the Cartesian product (doc example)',
    query: `datatable (a: int, b: dynamic, c: dynamic)
[
    1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 6])
]
| mv-expand b
| mv-expand c`,
    expected: {
      rows: [
        [1, { prop1: 'a' }, 5],
        [1, { prop1: 'a' }, 6],
        [1, { prop2: 'b' }, 5],
        [1, { prop2: 'b' }, 6],
      ],
    },
    doc: 'mv-expand example: Cartesian product of two columns',
  },
  {
    name: 'mv-expand to typeof(long) types the column',
    query: 'print a = "k", b = dynamic([1, 2, 3]) | mv-expand b to typeof(long)',
    expected: {
      columns: [
        ['a', 'string'],
        ['b', 'long'],
      ],
      rows: [
        ['k', 1],
        ['k', 2],
        ['k', 3],
      ],
    },
  },
  {
    name: 'mv-expand with_itemindex',
    query:
      'print x = dynamic([5, 6, 7]) | mv-expand with_itemindex=Index x to typeof(long) | project x, Index',
    expected: {
      rows: [
        [5, 0],
        [6, 1],
        [7, 2],
      ],
    },
    doc: 'mv-expand: with_itemindex gives the index starting at 0',
  },
  {
    name: 'mv-expand of an expression: empty arrays give no rows',
    query: 'Dyn | mv-expand e = d.arr to typeof(long) | project id, e',
    tables: { Dyn },
    expected: {
      rows: [
        [1, 10],
        [1, 20],
        [1, 30],
        [3, 1],
      ],
    },
    doc: 'mv-expand: an empty array produces no record; null produces one',
  },
  {
    name: 'mv-expand of a null value gives one row with null',
    query:
      'datatable(id:long, d:dynamic)[1, dynamic(null), 2, dynamic([1, 2])] | mv-expand d | project id, d',
    expected: {
      rows: [
        [1, null],
        [2, 1],
        [2, 2],
      ],
    },
    doc: 'mv-expand: if the dynamic value is null, a single record is produced',
  },
  {
    name: 'mv-expand then summarize counts elements',
    query: 'Dyn | mv-expand e = d.arr | summarize n = count()',
    tables: { Dyn },
    expected: { rows: [[4]] },
  },
];
