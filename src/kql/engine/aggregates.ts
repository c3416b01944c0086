// Aggregate functions (inside summarize). Tuple-valued ones (arg_max, percentiles...) are
// handled by op-summarize; here each returns one SQL aggregate expression.
import type { FnCall } from './calls.js';
import type { Sql } from './sql.js';
import { duckType, isNumeric } from './sql.js';
import { coerce, toJsonSql } from './coerce.js';

type Aggregate = (c: FnCall) => Sql;

function bool(c: FnCall, i: number): string {
  return `coalesce(${c.argAs(i, 'bool')}, false)`;
}

function typed(c: FnCall, sql: string): Sql {
  const type = c.resultType;
  return { sql: type === 'long' || type === 'int' ? `CAST(${sql} AS ${duckType(type)})` : sql, type };
}

/** Without group keys, KQL gives 0 (not null) for sums, counts and variances of no rows. */
function zeroWhenUngrouped(c: FnCall, value: Sql): Sql {
  return c.env.ungrouped ? { sql: `coalesce(${value.sql}, 0)`, type: value.type } : value;
}

/** The value to aggregate: dynamic compares by JSON text. */
function comparable(c: FnCall, i: number): string {
  const value = c.arg(i);
  return value.type === 'dynamic' ? `CAST(${value.sql} AS VARCHAR)` : value.sql;
}

function minMax(fn: 'min' | 'max', filter?: (c: FnCall) => string): Aggregate {
  return (c) => {
    const value = c.arg(0);
    const where = filter ? ` FILTER (WHERE ${filter(c)})` : '';
    if (value.type === 'dynamic') return c.fail(`${c.name}() of a dynamic value`);
    return { sql: `${fn}(${value.sql})${where}`, type: c.resultType };
  };
}

function sum(filter?: (c: FnCall) => string): Aggregate {
  return (c) => {
    const type = c.resultType;
    const value = c.argAs(0, isNumeric(type) || type === 'timespan' ? type : 'real');
    const where = filter ? ` FILTER (WHERE ${filter(c)})` : '';
    return zeroWhenUngrouped(c, typed(c, `sum(${value})${where}`));
  };
}

function avg(filter?: (c: FnCall) => string): Aggregate {
  return (c) => {
    const where = filter ? ` FILTER (WHERE ${filter(c)})` : '';
    const value = c.arg(0);
    if (value.type === 'timespan')
      return { sql: `CAST(round(avg(${value.sql})${where}) AS BIGINT)`, type: 'timespan' };
    return { sql: `avg(${coerce(value, 'real')})${where}`, type: 'real' };
  };
}

/** make_list / make_set: a JSON array of the non-null values (optionally capped). */
function makeList(distinct: boolean, predicateIndex?: number, keepNulls = false): Aggregate {
  return (c) => {
    const value = c.arg(0);
    const json = keepNulls ? `coalesce(${toJsonSql(value)}, CAST('null' AS JSON))` : toJsonSql(value);
    const conditions = keepNulls ? ['true'] : [`${value.sql} IS NOT NULL`];
    if (value.type === 'dynamic' && !keepNulls) conditions.push(`json_type(${value.sql}) <> 'NULL'`);
    if (predicateIndex !== undefined) conditions.push(bool(c, predicateIndex));
    const capIndex = predicateIndex === undefined ? 1 : predicateIndex + 1;
    // make_list follows the input order when the input is sorted (DISTINCT cannot take an ORDER BY).
    const order = !distinct && c.env.aggregateOrder ? ` ORDER BY ${c.env.aggregateOrder}` : '';
    const list = `list(${distinct ? 'DISTINCT ' : ''}${json}${order}) FILTER (WHERE ${conditions.join(' AND ')})`;
    const capped = c.has(capIndex) ? `list_slice(${list}, 1, ${c.argAs(capIndex, 'long')})` : list;
    return { sql: `coalesce(to_json(${capped}), CAST('[]' AS JSON))`, type: 'dynamic' };
  };
}

/** make_bag: merges property bags (later keys win where KQL picks one arbitrarily). */
function makeBag(predicateIndex?: number): Aggregate {
  return (c) => {
    const value = c.arg(0);
    if (value.type !== 'dynamic') return c.fail(`${c.name}() of a ${value.type} value`);
    const conditions = [`json_type(${value.sql}) = 'OBJECT'`];
    if (predicateIndex !== undefined) conditions.push(bool(c, predicateIndex));
    const list = `list(${value.sql}) FILTER (WHERE ${conditions.join(' AND ')})`;
    return {
      sql: `coalesce(list_reduce(${list}, (a, b) -> json_merge_patch(a, b)), CAST('{}' AS JSON))`,
      type: 'dynamic',
    };
  };
}

function dcount(filterIndex?: number): Aggregate {
  return (c) => {
    const where = filterIndex !== undefined ? ` FILTER (WHERE ${bool(c, filterIndex)})` : '';
    return { sql: `CAST(count(DISTINCT ${comparable(c, 0)})${where} AS BIGINT)`, type: 'long' };
  };
}

function percentile(c: FnCall): Sql {
  const p = c.constNumber(1);
  if (p === undefined) return c.fail('percentile() with a non-constant percentage');
  const value = c.arg(0);
  if (value.type === 'dynamic') return c.fail('percentile() of a dynamic value');
  return { sql: `quantile_disc(${value.sql}, ${p / 100})`, type: c.resultType };
}

function stat(fn: string, filterIndex?: number): Aggregate {
  return (c) => {
    const where = filterIndex !== undefined ? ` FILTER (WHERE ${bool(c, filterIndex)})` : '';
    return zeroWhenUngrouped(c, { sql: `${fn}(${c.argAs(0, 'real')})${where}`, type: 'real' });
  };
}

export const AGGREGATES = new Map<string, Aggregate>([
  ['count', (c) => ({ sql: c.has(0) ? `count(${c.arg(0).sql})` : 'count(*)', type: 'long' })],
  ['countif', (c) => ({ sql: `count(*) FILTER (WHERE ${bool(c, 0)})`, type: 'long' })],
  ['count_distinct', dcount()],
  ['count_distinctif', dcount(1)],
  ['dcount', dcount()],
  ['dcountif', dcount(1)],
  ['sum', sum()],
  ['sumif', sum((c) => bool(c, 1))],
  ['avg', avg()],
  ['avgif', avg((c) => bool(c, 1))],
  ['min', minMax('min')],
  ['max', minMax('max')],
  ['minif', minMax('min', (c) => bool(c, 1))],
  ['maxif', minMax('max', (c) => bool(c, 1))],
  ['make_list', makeList(false)],
  ['makelist', makeList(false)],
  ['make_list_if', makeList(false, 1)],
  ['make_list_with_nulls', makeList(false, undefined, true)],
  ['make_set', makeList(true)],
  ['makeset', makeList(true)],
  ['make_set_if', makeList(true, 1)],
  ['make_bag', makeBag()],
  ['make_bag_if', makeBag(1)],
  ['take_any', (c) => ({ sql: `any_value(${c.arg(0).sql})`, type: c.resultType })],
  ['any', (c) => ({ sql: `any_value(${c.arg(0).sql})`, type: c.resultType })],
  [
    'take_anyif',
    (c) => ({ sql: `any_value(${c.arg(0).sql}) FILTER (WHERE ${bool(c, 1)})`, type: c.resultType }),
  ],
  ['anyif', (c) => ({ sql: `any_value(${c.arg(0).sql}) FILTER (WHERE ${bool(c, 1)})`, type: c.resultType })],
  ['stdev', stat('stddev_samp')],
  ['stdevif', stat('stddev_samp', 1)],
  ['stdevp', stat('stddev_pop')],
  ['variance', stat('var_samp')],
  ['varianceif', stat('var_samp', 1)],
  ['variancep', stat('var_pop')],
  ['percentile', percentile],
]);

/** Aggregates whose result is a tuple of columns. */
export const TUPLE_AGGREGATES = new Set([
  'arg_max',
  'arg_min',
  'argmax',
  'argmin',
  'take_any',
  'any',
  'percentiles',
]);
