// Building blocks for operators: SELECT lists over a relation, keeping hidden order columns.
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { columnsFor } from './context.js';
import { type Column, type Relation, type RowScope, hiddenIds } from './model.js';
import type { ExprEnv } from './expressions.js';
import type { Scope } from './model.js';
import { coerce, isColumnRef } from './coerce.js';
import type { ColumnSpec } from './ktypes.js';
import { tableColumns } from './ktypes.js';

export interface OutItem {
  name: string;
  type: KqlType;
  sql: string;
}

export interface SelectOptions {
  where?: string;
  /** Keep the input's order (default true): row-wise operators preserve serialization. */
  keepOrder?: boolean;
  distinct?: boolean;
}

/** `SELECT items, hidden FROM input [WHERE ...]` as a new stage. */
export function selectStage(
  ctx: Context,
  input: Relation,
  items: OutItem[],
  options: SelectOptions = {},
): Relation {
  const keepOrder = options.keepOrder ?? true;
  const hidden = keepOrder ? hiddenIds(input) : input.partition ? [input.partition] : [];
  const columns = columnsFor(items, hidden.map(unquote));
  // KQL strings are never null: computed string columns store '' for NULL.
  const list = items.map((item, i) => {
    const sql = item.type === 'string' && !isColumnRef(item.sql) ? `coalesce(${item.sql}, '')` : item.sql;
    return `${sql} AS ${columns[i]?.id ?? ''}`;
  });
  const select = [...list, ...hidden].join(', ') || 'NULL AS "#empty"';
  const where = options.where ? ` WHERE ${options.where}` : '';
  const sql = `SELECT ${options.distinct ? 'DISTINCT ' : ''}${select} FROM ${input.from}${where}`;
  const relation = ctx.stage(sql, columns, keepOrder ? input.order : undefined);
  return input.partition ? { ...relation, partition: input.partition } : relation;
}

export function unquote(id: string): string {
  return id.startsWith('"') ? id.slice(1, -1).replace(/""/g, '"') : id;
}

/** Items that pass every input column through unchanged. */
export function passThrough(input: Relation): OutItem[] {
  return input.columns.map((c) => ({ name: c.name, type: c.type, sql: c.id }));
}

/** The environment for expressions evaluated on the rows of `relation`. */
export function rowEnv(ctx: Context, scope: Scope, relation: Relation): ExprEnv {
  const row: RowScope = { relation };
  return { ctx, scope, row };
}

/** Kusto's output columns for an operator, or an UNSUPPORTED error when it has none. */
export function outputSpecs(ctx: Context, node: Kusto.Language.Syntax.Expression): ColumnSpec[] {
  const specs = tableColumns(node);
  if (!specs) return ctx.unsupported(node, 'an operator whose result columns are not known');
  return specs;
}

/** Converts an item to the type Kusto says the column has. */
export function conform(item: OutItem, type: KqlType): OutItem {
  if (item.type === type) return item;
  return { name: item.name, type, sql: coerce({ sql: item.sql, type: item.type }, type) };
}

/** A relation whose column ids are SQL expressions over another (for sequential extend). */
export function virtualColumn(name: string, type: KqlType, sql: string): Column {
  return { name, type, id: `(${sql})` };
}
