// Dynamic (JSON) arrays and property bags.
import type { FnCall, ScalarImpl } from '../calls.js';
import { fromDynamic, toJsonSql } from '../coerce.js';
import { type Sql, quoteString } from '../sql.js';
import { columnRef } from '../model.js';

function json(c: FnCall, i: number): string {
  return toJsonSql(c.arg(i));
}

function arr(c: FnCall, i: number): string {
  return `kql_arr(${c.argAs(i, 'dynamic')})`;
}

function pack(c: FnCall): string {
  if (c.count % 2 !== 0) return c.fail('bag_pack() with an odd number of arguments');
  const parts: string[] = [];
  for (let i = 0; i < c.count; i += 2) parts.push(`${c.str(i)}, ${json(c, i + 1)}`);
  return `json_object(${parts.join(', ')})`;
}

function packAll(c: FnCall): string {
  const row = c.env.row;
  if (!row) return c.fail('pack_all() outside a row context');
  const ignoreNulls = c.has(0) ? c.argAs(0, 'bool') : 'false';
  const parts = row.relation.columns.map((col) => {
    const value = { sql: columnRef(row, col), type: col.type };
    return `${quoteString(col.name)}, ${toJsonSql(value)}`;
  });
  const bag = `json_object(${parts.join(', ')})`;
  if (ignoreNulls === 'false') return bag;
  return `CASE WHEN ${ignoreNulls} THEN CAST(map_from_entries(list_filter(map_entries(CAST(${bag} AS MAP(VARCHAR, JSON))), e -> NOT kql_dyn_null(e.value))) AS JSON) ELSE ${bag} END`;
}

function packArray(c: FnCall): string {
  const parts: string[] = [];
  for (let i = 0; i < c.count; i++) parts.push(json(c, i));
  return `json_array(${parts.join(', ')})`;
}

function arrayConcat(c: FnCall): string {
  const lists: string[] = [];
  for (let i = 0; i < c.count; i++) lists.push(arr(c, i));
  return `to_json(${lists.reduce((a, b) => `list_concat(${a}, ${b})`)})`;
}

/** Distinct elements in first-seen order (elements compare by their JSON text). */
function distinctInOrder(list: string): string {
  return `list_filter(${list}, (x, i) -> list_position(list_transform(${list}, e -> CAST(e AS VARCHAR)), CAST(x AS VARCHAR)) = i)`;
}

function textList(list: string): string {
  return `list_transform(${list}, e -> CAST(e AS VARCHAR))`;
}

function setUnion(c: FnCall): string {
  const lists: string[] = [];
  for (let i = 0; i < c.count; i++) lists.push(`coalesce(${arr(c, i)}, [])`);
  return `to_json(${distinctInOrder(lists.reduce((a, b) => `list_concat(${a}, ${b})`))})`;
}

function setIntersect(c: FnCall): string {
  let result = distinctInOrder(`coalesce(${arr(c, 0)}, [])`);
  for (let i = 1; i < c.count; i++) {
    result = `list_filter(${result}, x -> list_contains(${textList(`coalesce(${arr(c, i)}, [])`)}, CAST(x AS VARCHAR)))`;
  }
  return `to_json(${result})`;
}

function setDifference(c: FnCall): string {
  let result = distinctInOrder(`coalesce(${arr(c, 0)}, [])`);
  for (let i = 1; i < c.count; i++) {
    result = `list_filter(${result}, x -> NOT list_contains(${textList(`coalesce(${arr(c, i)}, [])`)}, CAST(x AS VARCHAR)))`;
  }
  return `to_json(${result})`;
}

function arraySlice(c: FnCall): string {
  const list = arr(c, 0);
  const n = `len(${list})`;
  const index = (x: string): string => `(CASE WHEN ${x} < 0 THEN ${n} + ${x} ELSE ${x} END)`;
  const start = index(c.argAs(1, 'long'));
  const end = index(c.argAs(2, 'long'));
  return `to_json(list_slice(${list}, greatest(${start}, 0) + 1, ${end} + 1))`;
}

function arrayIndexOf(c: FnCall): string {
  const list = textList(arr(c, 0));
  const value = `CAST(${json(c, 1)} AS VARCHAR)`;
  return `CASE WHEN ${arr(c, 0)} IS NULL THEN NULL ELSE coalesce(list_position(${list}, ${value}), 0) - 1 END`;
}

function bagMerge(c: FnCall): string {
  // The leftmost bag wins on duplicate keys.
  let result = c.argAs(c.count - 1, 'dynamic');
  for (let i = c.count - 2; i >= 0; i--) result = `json_merge_patch(${result}, ${c.argAs(i, 'dynamic')})`;
  return result;
}

function bagRemoveKeys(c: FnCall): string {
  const bag = c.argAs(0, 'dynamic');
  const keys = `list_transform(kql_arr(${c.argAs(1, 'dynamic')}), k -> kql_dyn_str(k))`;
  return `CASE WHEN json_type(${bag}) = 'OBJECT' THEN CAST(map_from_entries(list_filter(map_entries(CAST(${bag} AS MAP(VARCHAR, JSON))), e -> NOT list_contains(${keys}, e.key))) AS JSON) END`;
}

function bagHasKey(c: FnCall): string {
  const key = c.str(1);
  return `coalesce(list_contains(json_keys(${c.argAs(0, 'dynamic')}), ${key}), false)`;
}

/** extractjson(path, text [, typeof(T)]): the element at a JSONPath, as text or converted to T. */
function extractJson(c: FnCall): Sql {
  const path = c.constString(0);
  if (path === undefined) return c.fail('extractjson() with a non-constant path');
  // KQL accepts `$name` for `$.name`.
  const normalized = /^\$[A-Za-z_]/.test(path) ? `$.${path.slice(1)}` : path;
  const element = `json_extract(kql_parse_json(${c.str(1)}), ${quoteString(normalized)})`;
  const type = c.resultType;
  return { sql: type === 'string' ? `kql_dyn_str(${element})` : fromDynamic(element, type), type };
}

export const DYNAMIC_FUNCTIONS: Record<string, ScalarImpl> = {
  pack,
  bag_pack: pack,
  pack_dictionary: pack,
  pack_all: packAll,
  pack_array: packArray,
  array_length: (c) => `kql_arr_len(${c.argAs(0, 'dynamic')})`,
  array_concat: arrayConcat,
  array_slice: arraySlice,
  array_index_of: arrayIndexOf,
  array_reverse: (c) => `to_json(list_reverse(${arr(c, 0)}))`,
  array_sum: (c) => `list_sum(list_transform(${arr(c, 0)}, e -> kql_dyn_real(e)))`,
  set_union: setUnion,
  set_intersect: setIntersect,
  set_difference: setDifference,
  set_has_element: (c) => `list_contains(${textList(arr(c, 0))}, CAST(${json(c, 1)} AS VARCHAR))`,
  bag_keys: (c) =>
    `CASE WHEN json_type(${c.argAs(0, 'dynamic')}) = 'OBJECT' THEN to_json(json_keys(${c.argAs(0, 'dynamic')})) END`,
  bag_merge: bagMerge,
  bag_remove_keys: bagRemoveKeys,
  bag_has_key: bagHasKey,
  extractjson: extractJson,
  extract_json: extractJson,
  range: (c) => {
    const type = c.resultType === 'dynamic' ? c.arg(0).type : c.resultType;
    if (type !== 'long' && type !== 'int' && type !== 'real') return c.fail('range() over non-numbers');
    const step = c.has(2) ? c.argAs(2, type) : '1';
    return `to_json(list_transform(range(0, CAST(floor((${c.argAs(1, type)} - ${c.argAs(0, type)}) / ${step}) AS BIGINT) + 1), i -> ${c.argAs(0, type)} + i * ${step}))`;
  },
  dynamic_to_json: (c) => `coalesce(CAST(${c.argAs(0, 'dynamic')} AS VARCHAR), 'null')`,
};
