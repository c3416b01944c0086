// summarize (with by and bin) and the aggregation functions, including null handling, default
// output column names, empty inputs, and make-series.
import { Sales } from './fixtures.js';
import type { EngineCase } from './types.js';

export const aggregateCases: EngineCase[] = [
  {
    name: 'count(): default column name count_',
    query: 'Sales | summarize count()',
    tables: { Sales },
    expected: { columns: [['count_', 'long']], rows: [[6]] },
  },
  {
    name: 'count() by a key: by column first, then count_',
    query: 'Sales | summarize count() by region',
    tables: { Sales },
    expected: {
      columns: [
        ['region', 'string'],
        ['count_', 'long'],
      ],
      rows: [
        ['east', 2],
        ['west', 3],
        ['north', 1],
      ],
    },
  },
  {
    name: 'count() counts rows even where a column is null; dcount ignores nulls',
    query: 'Sales | summarize c = count(), d = dcount(qty)',
    tables: { Sales },
    expected: { rows: [[6, 5]] },
  },
  {
    name: 'sum(): default column name sum_qty, nulls ignored',
    query: 'Sales | summarize sum(qty)',
    tables: { Sales },
    expected: { columns: [['sum_qty', 'long']], rows: [[33]] },
  },
  {
    name: 'sum() by a key',
    query: 'Sales | summarize total = sum(qty) by region',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 15],
        ['west', 10],
        ['north', 8],
      ],
    },
  },
  {
    name: 'avg() of a long ignores nulls and returns a real',
    query: 'Sales | summarize avg(qty)',
    tables: { Sales },
    expected: { columns: [['avg_qty', 'real']], rows: [[6.6]] },
  },
  {
    name: 'avg() of a real column ignores nulls',
    query: 'Sales | summarize a = avg(price)',
    tables: { Sales },
    expected: { rows: [[1.7]] },
  },
  {
    name: 'sum and avg over reals with a null (doc example)',
    query:
      'range x from 1 to 4 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize sum(y), avg(y)',
    expected: {
      columns: [
        ['sum_y', 'real'],
        ['avg_y', 'real'],
      ],
      rows: [[15, 5]],
    },
    doc: 'summarize operator: the avg aggregate sums only the non-null values',
  },
  {
    name: 'min() and max() of longs and datetimes',
    query: 'Sales | summarize lo = min(qty), hi = max(qty), earliest = min(ts), latest = max(ts)',
    tables: { Sales },
    expected: { rows: [[3, 10, '2024-01-01T01:15:00Z', '2024-01-02T00:00:00Z']] },
  },
  {
    name: 'min() and max() default column names',
    query: 'Sales | summarize min(qty), max(qty)',
    tables: { Sales },
    expected: {
      columns: [
        ['min_qty', 'long'],
        ['max_qty', 'long'],
      ],
      rows: [[3, 10]],
    },
  },
  {
    name: 'max() of a string column',
    query: 'Sales | summarize m = max(product)',
    tables: { Sales },
    expected: { rows: [['plum']] },
  },
  {
    name: 'countif(): default column name countif_',
    query: 'Sales | summarize countif(qty > 5)',
    tables: { Sales },
    expected: { columns: [['countif_', 'long']], rows: [[3]] },
  },
  {
    name: 'countif() by a key',
    query: 'Sales | summarize big = countif(qty >= 7) by region',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 1],
        ['west', 1],
        ['north', 1],
      ],
    },
  },
  {
    name: 'dcount(): default column name dcount_product',
    query: 'Sales | summarize dcount(product)',
    tables: { Sales },
    expected: { columns: [['dcount_product', 'long']], rows: [[3]] },
  },
  {
    name: 'dcount() by a key',
    query: 'Sales | summarize products = dcount(product) by region',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 2],
        ['west', 2],
        ['north', 1],
      ],
    },
  },
  {
    name: 'dcountif()',
    query: 'Sales | summarize d = dcountif(product, region == "west")',
    tables: { Sales },
    expected: { rows: [[2]] },
  },
  {
    name: 'sumif()',
    query: 'Sales | summarize s = sumif(qty, product == "apple")',
    tables: { Sales },
    expected: { rows: [[17]] },
  },
  {
    name: 'avgif()',
    query: 'Sales | summarize a = avgif(price, region == "east")',
    tables: { Sales },
    expected: { rows: [[1.75]] },
  },
  {
    name: 'minif() and maxif()',
    query: 'Sales | summarize lo = minif(qty, region == "west"), hi = maxif(qty, region != "west")',
    tables: { Sales },
    expected: { rows: [[3, 10]] },
  },
  {
    name: 'arg_max(x, *) by a key returns the whole row of the maximum',
    query: 'Sales | summarize arg_max(qty, *) by region | project region, product, qty',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 'apple', 10],
        ['west', 'apple', 7],
        ['north', 'pear', 8],
      ],
    },
  },
  {
    name: 'arg_min(x, *) by a key ignores the null qty',
    query: 'Sales | summarize arg_min(qty, *) by region | project region, product, qty',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 'pear', 5],
        ['west', 'plum', 3],
        ['north', 'pear', 8],
      ],
    },
  },
  {
    name: 'arg_max(x, col): columns named after the arguments',
    query: 'Sales | summarize arg_max(ts, product)',
    tables: { Sales },
    expected: {
      columns: [
        ['ts', 'datetime'],
        ['product', 'string'],
      ],
      rows: [['2024-01-02T00:00:00Z', 'pear']],
    },
    doc: 'arg_max(): summarize arg_max(BeginLat, BeginLocation) gives columns BeginLat, BeginLocation',
  },
  {
    name: 'arg_max with null maximized values (doc example)',
    query: `datatable(Fruit: string, Color: string, Version: int) [
    "Apple", "Red", 1,
    "Apple", "Green", int(null),
    "Banana", "Yellow", int(null),
    "Banana", "Green", int(null),
    "Pear", "Brown", 1,
    "Pear", "Green", 2,
]
| summarize arg_max(Version, *) by Fruit
| project Fruit, Version`,
    expected: {
      rows: [
        ['Apple', 1],
        ['Banana', null],
        ['Pear', 2],
      ],
    },
    doc: 'arg_max() null handling example',
  },
  {
    name: 'make_set(): distinct values (checked after mv-expand)',
    query: 'Sales | summarize s = make_set(product) | mv-expand s to typeof(string) | project s',
    tables: { Sales },
    expected: { rows: [['apple'], ['pear'], ['plum']] },
  },
  {
    name: 'make_set(): default column name set_x and deduplication',
    query: 'Sales | where region == "west" and product == "apple" | summarize make_set(product)',
    tables: { Sales },
    expected: { columns: [['set_product', 'dynamic']], rows: [[['apple']]] },
  },
  {
    name: 'make_list(): follows the order of a sorted input',
    query: 'Sales | where region == "east" | sort by qty asc | summarize l = make_list(qty)',
    tables: { Sales },
    expected: { rows: [[[5, 10]]] },
    doc: 'make_list(): if the input to summarize is sorted, the order of elements tracks the input',
  },
  {
    name: 'make_list(): null values are ignored',
    query: 'Sales | where region == "west" | sort by ts asc | summarize l = make_list(qty)',
    tables: { Sales },
    expected: { rows: [[[7, 3]]] },
  },
  {
    name: 'make_list(): default column name list_x',
    query: 'range x from 1 to 1 step 1 | summarize make_list(x)',
    expected: { columns: [['list_x', 'dynamic']], rows: [[[1]]] },
  },
  {
    name: 'make_set_if()',
    query: 'Sales | summarize s = make_set_if(region, qty > 9)',
    tables: { Sales },
    expected: { rows: [[['east']]] },
  },
  {
    name: 'make_list_if()',
    query: 'Sales | summarize l = make_list_if(product, qty == 3)',
    tables: { Sales },
    expected: { rows: [[['plum']]] },
  },
  {
    name: 'make_bag() merges property bags (doc example)',
    query: `let T = datatable(prop:string, value:string)
[
    "prop01", "val_a",
    "prop02", "val_b",
    "prop03", "val_c",
];
T
| extend p = bag_pack(prop, value)
| summarize dict = make_bag(p)`,
    expected: { rows: [[{ prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' }]] },
    doc: 'make_bag() example',
  },
  {
    name: 'take_any() of a single-valued group',
    query: 'Sales | where region == "north" | summarize p = take_any(product)',
    tables: { Sales },
    expected: { rows: [['pear']] },
  },
  {
    name: 'take_any() by a key where each group has one distinct value',
    query:
      'Sales | where product != "apple" and region != "north" | summarize r = take_any(region) by product',
    tables: { Sales },
    expected: {
      rows: [
        ['pear', 'east'],
        ['plum', 'west'],
      ],
    },
  },
  {
    name: 'percentile(): nearest rank on 1..10',
    query: 'range x from 1 to 10 step 1 | summarize p50 = percentile(x, 50), p100 = percentile(x, 100)',
    expected: { rows: [[5, 10]] },
    doc: 'percentile(): nearest-rank; percentile 100 is the exact maximum',
  },
  {
    name: 'percentile(): nearest rank on an odd count',
    query: 'datatable(v:long)[30, 10, 20] | summarize p = percentile(v, 50)',
    expected: { rows: [[20]] },
  },
  {
    name: 'percentiles(): one column per percentile, named percentile_x_P',
    query: 'range x from 1 to 10 step 1 | summarize percentiles(x, 10, 100)',
    expected: { rows: [[1, 10]] },
    doc: 'percentiles(): percentile_DamageProperty_5, percentile_DamageProperty_50, ...',
  },
  {
    name: 'stdev() and variance() are the sample statistics',
    query: 'datatable(v:real)[1.0, 2.0, 3.0, 4.0] | summarize s = stdev(v), va = variance(v)',
    expected: { rows: [[1.2909944487358056, 1.6666666666666667]] },
  },
  {
    name: 'summarize by bin() of a datetime keeps the column name',
    query: 'Sales | summarize n = count() by bin(ts, 1h)',
    tables: { Sales },
    expected: {
      columns: [
        ['ts', 'datetime'],
        ['n', 'long'],
      ],
      rows: [
        ['2024-01-01T01:00:00Z', 2],
        ['2024-01-01T02:00:00Z', 1],
        ['2024-01-01T03:00:00Z', 2],
        ['2024-01-02T00:00:00Z', 1],
      ],
    },
  },
  {
    name: 'summarize by bin() of a long, with a null group',
    query: 'Sales | summarize n = count() by b = bin(qty, 5)',
    tables: { Sales },
    expected: {
      rows: [
        [10, 1],
        [5, 3],
        [null, 1],
        [0, 1],
      ],
    },
  },
  {
    name: 'summarize by two keys',
    query: 'Sales | summarize n = count() by region, product',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 'apple', 1],
        ['east', 'pear', 1],
        ['west', 'apple', 2],
        ['west', 'plum', 1],
        ['north', 'pear', 1],
      ],
    },
  },
  {
    name: 'summarize by without aggregates gives the distinct keys',
    query: 'Sales | summarize by region',
    tables: { Sales },
    expected: { columns: [['region', 'string']], rows: [['east'], ['west'], ['north']] },
  },
  {
    name: 'summarize by a named boolean expression',
    query: 'Sales | summarize n = count() by isWest = region == "west"',
    tables: { Sales },
    expected: {
      rows: [
        [false, 3],
        [true, 3],
      ],
    },
  },
  {
    name: 'summarize with several aggregates by a key',
    query: 'Sales | summarize n = count(), q = sum(qty), p = max(price) by region',
    tables: { Sales },
    expected: {
      rows: [
        ['east', 2, 15, 2.0],
        ['west', 3, 10, 1.5],
        ['north', 1, 8, 2.5],
      ],
    },
  },
  {
    name: 'summarize without by on an empty input: one row of defaults',
    query: 'Sales | where qty > 1000 | summarize c = count(), s = sum(qty)',
    tables: { Sales },
    expected: { rows: [[0, 0]] },
    doc: 'summarize operator: default values of aggregations (count, sum: 0)',
  },
  {
    name: 'summarize without by on an empty input: empty arrays for make_set/make_list',
    query: 'datatable(x:long)[] | summarize make_set(x), make_list(x)',
    expected: {
      columns: [
        ['set_x', 'dynamic'],
        ['list_x', 'dynamic'],
      ],
      rows: [[[], []]],
    },
    doc: 'summarize operator: default values of aggregations example',
  },
  {
    name: 'summarize without by on an empty input: countif, dcount, dcountif are 0',
    query: 'datatable(x:long)[] | summarize countif(x > 0), dcount(x), dcountif(x, x > 0)',
    expected: {
      columns: [
        ['countif_', 'long'],
        ['dcount_x', 'long'],
        ['dcountif_x', 'long'],
      ],
      rows: [[0, 0, 0]],
    },
    doc: 'summarize operator: default values of aggregations example',
  },
  {
    name: 'summarize by a key on an empty input gives no rows',
    query: 'Sales | where qty > 1000 | summarize c = count() by region',
    tables: { Sales },
    expected: { rows: [] },
  },
  {
    name: 'make_set twice on the same column: second is set_y1 (doc example)',
    query:
      'range x from 1 to 2 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize make_set(y), make_set(y)',
    expected: {
      columns: [
        ['set_y', 'dynamic'],
        ['set_y1', 'dynamic'],
      ],
      rows: [[[5], [5]]],
    },
    doc: 'summarize operator examples',
  },
  {
    name: 'make-series: sum per day with a default of 0 and an exclusive end',
    query: `datatable(t:datetime, v:long)[datetime(2024-01-01 05:00), 1, datetime(2024-01-01 07:00), 2, datetime(2024-01-03 00:00), 4, datetime(2024-01-04 00:00), 8]
| make-series total = sum(v) default = 0 on t from datetime(2024-01-01) to datetime(2024-01-04) step 1d`,
    expected: {
      columns: [
        ['total', 'dynamic'],
        ['t', 'dynamic'],
      ],
      rows: [
        [
          [3, 0, 4],
          ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z'],
        ],
      ],
    },
    doc: 'make-series: end is the non-inclusive high bound',
  },
  {
    name: 'make-series: count() by a key',
    query: `datatable(k:string, t:datetime)["a", datetime(2024-01-01 01:00), "a", datetime(2024-01-02 02:00), "a", datetime(2024-01-02 03:00), "b", datetime(2024-01-01 00:00)]
| make-series n = count() on t from datetime(2024-01-01) to datetime(2024-01-03) step 1d by k
| project k, n`,
    expected: {
      rows: [
        ['a', [1, 2]],
        ['b', [1, 0]],
      ],
    },
  },
  {
    name: 'make-series: avg per day (doc example)',
    query: `let data=datatable(timestamp:datetime, metric: real)
[
  datetime(2016-12-31T06:00), 50,
  datetime(2017-01-01), 4,
  datetime(2017-01-02), 3,
  datetime(2017-01-03), 4,
  datetime(2017-01-03T03:00), 6,
  datetime(2017-01-05), 8,
  datetime(2017-01-05T13:40), 13,
  datetime(2017-01-06), 4,
  datetime(2017-01-07), 3,
  datetime(2017-01-08), 8,
  datetime(2017-01-08T21:00), 8,
  datetime(2017-01-09), 2,
  datetime(2017-01-09T12:00), 11,
  datetime(2017-01-10T05:00), 5,
];
let interval = 1d;
let stime = datetime(2017-01-01);
let etime = datetime(2017-01-10);
data
| make-series avg(metric) on timestamp from stime to etime step interval`,
    expected: {
      columns: [
        ['avg_metric', 'dynamic'],
        ['timestamp', 'dynamic'],
      ],
      rows: [
        [
          [4.0, 3.0, 5.0, 0.0, 10.5, 4.0, 3.0, 8.0, 6.5],
          [
            '2017-01-01T00:00:00Z',
            '2017-01-02T00:00:00Z',
            '2017-01-03T00:00:00Z',
            '2017-01-04T00:00:00Z',
            '2017-01-05T00:00:00Z',
            '2017-01-06T00:00:00Z',
            '2017-01-07T00:00:00Z',
            '2017-01-08T00:00:00Z',
            '2017-01-09T00:00:00Z',
          ],
        ],
      ],
    },
    doc: 'make-series operator example',
  },
];
