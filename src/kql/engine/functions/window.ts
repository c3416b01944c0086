// row_number, prev, next, row_cumsum: window functions over the serialized order.
import type { FnCall, ScalarImpl } from '../calls.js';
import { orderByClause, partitionClause } from '../model.js';
import { quoteIdent } from '../sql.js';
import { coerce } from '../coerce.js';

function over(c: FnCall): string {
  const relation = c.env.row?.relation;
  if (!relation) return c.fail(`${c.name}() outside a row context`);
  const order = orderByClause(relation.order, c.env.row?.alias);
  return `OVER (${partitionClause(relation, c.env.row?.alias)}${order ? `ORDER BY ${order}` : ''})`;
}

/** In a where clause the window is computed in a stage before the filter. */
function windowed(c: FnCall, sql: string): string {
  const sink = c.env.windows;
  if (!sink) return sql;
  const id = quoteIdent(c.env.ctx.fresh('#w'));
  sink.items.push({ id, sql });
  return id;
}

function shift(fn: 'lag' | 'lead'): ScalarImpl {
  return (c) => {
    const type = c.resultType;
    const value = coerce(c.arg(0), type);
    const offset = c.has(1) ? c.argAs(1, 'long') : '1';
    const fallback = c.has(2) ? coerce(c.arg(2), type) : type === 'string' ? "''" : undefined;
    const sql = `${fn}(${value}, ${offset}${fallback ? `, ${fallback}` : ''}) ${over(c)}`;
    return windowed(c, sql);
  };
}

function rowNumber(c: FnCall): string {
  const start = c.has(0) ? c.argAs(0, 'long') : '1';
  if (c.has(1)) return c.fail('row_number() with a restart predicate');
  return windowed(c, `(row_number() ${over(c)} - 1 + ${start})`);
}

function rowCumsum(c: FnCall): string {
  if (c.has(1)) return c.fail('row_cumsum() with a restart predicate');
  const type = c.resultType;
  const sql = `CAST(sum(${coerce(c.arg(0), type)}) ${over(c).replace(/\)$/, ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)')} AS ${type === 'real' ? 'DOUBLE' : type === 'int' ? 'INTEGER' : 'BIGINT'})`;
  return windowed(c, sql);
}

export const WINDOW_FUNCTIONS: Record<string, ScalarImpl> = {
  prev: shift('lag'),
  next: shift('lead'),
  row_number: rowNumber,
  row_cumsum: rowCumsum,
};
