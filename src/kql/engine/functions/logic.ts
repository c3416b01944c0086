// iff, case, coalesce, not, isnull/isempty, gettype, column_ifexists, new_guid.
import type { KqlType } from '../../types.js';
import type { FnCall, ScalarImpl } from '../calls.js';
import { type Sql, nullOf, quoteString } from '../sql.js';
import { coerce } from '../coerce.js';
import { findColumn, columnRef } from '../model.js';
import { scalar } from '../expressions.js';

function branch(c: FnCall, i: number, type: KqlType): string {
  return coerce(c.arg(i), type);
}

function iff(c: FnCall): string {
  const type = c.resultType;
  return `CASE WHEN coalesce(${c.argAs(0, 'bool')}, false) THEN ${branch(c, 1, type)} ELSE ${branch(c, 2, type)} END`;
}

function caseFn(c: FnCall): string {
  const type = c.resultType;
  const parts: string[] = [];
  for (let i = 0; i + 1 < c.count; i += 2)
    parts.push(`WHEN coalesce(${c.argAs(i, 'bool')}, false) THEN ${branch(c, i + 1, type)}`);
  const otherwise = c.count % 2 === 1 ? branch(c, c.count - 1, type) : nullOf(type);
  return `CASE ${parts.join(' ')} ELSE ${otherwise} END`;
}

function coalesceFn(c: FnCall): string {
  const type = c.resultType;
  const values: string[] = [];
  for (let i = 0; i < c.count; i++) {
    const v = branch(c, i, type);
    if (type === 'string') values.push(`nullif(${v}, '')`);
    else if (type === 'dynamic') values.push(`CASE WHEN kql_dyn_null(${v}) THEN NULL ELSE ${v} END`);
    else values.push(v);
  }
  return type === 'string' ? `coalesce(${values.join(', ')}, '')` : `coalesce(${values.join(', ')})`;
}

export function isNullSql(value: Sql): string {
  if (value.type === 'string') return 'false';
  if (value.type === 'dynamic') return `kql_dyn_null(${value.sql})`;
  return `(${value.sql} IS NULL)`;
}

export function isEmptySql(value: Sql): string {
  if (value.type === 'string') return `(coalesce(${value.sql}, '') = '')`;
  if (value.type === 'dynamic') return `(kql_dyn_null(${value.sql}) OR kql_dyn_str(${value.sql}) = '')`;
  return `(${value.sql} IS NULL)`;
}

function getType(c: FnCall): string {
  const value = c.arg(0);
  if (value.type !== 'dynamic') return quoteString(value.type === 'decimal' ? 'decimal' : value.type);
  const x = value.sql;
  return `CASE WHEN ${x} IS NULL THEN 'null' ELSE CASE json_type(${x}) WHEN 'VARCHAR' THEN 'string' WHEN 'BIGINT' THEN 'long' WHEN 'UBIGINT' THEN 'long' WHEN 'DOUBLE' THEN 'real' WHEN 'BOOLEAN' THEN 'bool' WHEN 'ARRAY' THEN 'array' WHEN 'OBJECT' THEN 'dictionary' ELSE 'null' END END`;
}

function columnIfExists(c: FnCall): Sql {
  const name = c.constString(0);
  const row = c.env.row;
  const column = name !== undefined && row ? findColumn(row.relation, name) : undefined;
  const type = c.resultType;
  if (row && column) return { sql: coerce({ sql: columnRef(row, column), type: column.type }, type), type };
  return { sql: coerce(scalar(c.argNode(1), c.env), type), type };
}

export const LOGIC_FUNCTIONS: Record<string, ScalarImpl> = {
  iff,
  iif: iff,
  case: caseFn,
  coalesce: coalesceFn,
  not: (c) => `(NOT ${c.argAs(0, 'bool')})`,
  isnull: (c) => isNullSql(c.arg(0)),
  isnotnull: (c) => `(NOT ${isNullSql(c.arg(0))})`,
  isempty: (c) => isEmptySql(c.arg(0)),
  isnotempty: (c) => `(NOT ${isEmptySql(c.arg(0))})`,
  notempty: (c) => `(NOT ${isEmptySql(c.arg(0))})`,
  notnull: (c) => `(NOT ${isNullSql(c.arg(0))})`,
  gettype: getType,
  column_ifexists: columnIfExists,
  new_guid: () => 'lower(CAST(uuid() AS VARCHAR))',
};
