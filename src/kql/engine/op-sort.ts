// sort/order and top: KQL sorts descending by default, nulls first ascending and last descending.
import type { Context } from './context.js';
import { type OrderKey, type Relation, type Scope, orderByClause } from './model.js';
import { rowEnv } from './stage.js';
import { scalar, scalarAs } from './expressions.js';
import { elements } from './ktypes.js';
import { kindOf, nodeText } from './kinds.js';
import { quoteIdent } from './sql.js';

type Node = Kusto.Language.Syntax.Expression;

interface SortKey {
  sql: string;
  desc: boolean;
  nullsFirst: boolean;
}

function sortKey(node: Node, scope: Scope, input: Relation, ctx: Context): SortKey {
  let expression = node;
  let desc = true;
  let nulls: boolean | undefined;
  if (kindOf(node) === 'OrderedExpression') {
    const ordered = node as Kusto.Language.Syntax.OrderedExpression;
    expression = ordered.Expression ?? node;
    const direction = ordered.Ordering?.AscOrDescKeyword?.Text?.toLowerCase();
    if (direction === 'asc') desc = false;
    const firstOrLast = ordered.Ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
    if (firstOrLast) nulls = firstOrLast === 'first';
  }
  const value = scalar(expression, rowEnv(ctx, scope, input));
  // Dynamic values sort by their JSON text; NaN sorts as null would be wrong, so keep DOUBLE order.
  const sql = value.type === 'dynamic' ? `CAST(${value.sql} AS VARCHAR)` : value.sql;
  return { sql, desc, nullsFirst: nulls ?? !desc };
}

/** A stage with the sort keys as hidden columns; the relation stays ordered by them. `limit` keeps
 * the first rows (per input row inside mv-apply). */
function withKeys(input: Relation, keys: SortKey[], ctx: Context, limit?: string): Relation {
  const order: OrderKey[] = keys.map((k) => ({
    id: quoteIdent(ctx.fresh('#k')),
    desc: k.desc,
    nullsFirst: k.nullsFirst,
  }));
  const list = [
    ...input.columns.map((c) => c.id),
    ...(input.partition ? [input.partition] : []),
    ...keys.map((k, i) => `${k.sql} AS ${order[i]?.id ?? ''}`),
  ].join(', ');
  const orderBy = orderByClause(order);
  let tail = '';
  if (limit !== undefined) {
    tail = input.partition
      ? ` QUALIFY row_number() OVER (PARTITION BY ${input.partition} ORDER BY ${orderBy}) <= ${limit}`
      : ` ORDER BY ${orderBy} LIMIT ${limit}`;
  }
  const relation = ctx.stage(`SELECT ${list} FROM ${input.from}${tail}`, input.columns, order);
  return input.partition ? { ...relation, partition: input.partition } : relation;
}

/** A row count for LIMIT: a plain number when constant (DuckDB plans top-N only for those). */
export function limitSql(node: Kusto.Language.Syntax.Expression, scope: Scope, ctx: Context): string {
  const text = nodeText(node);
  if (/^\d+$/.test(text)) return text;
  return `greatest(${scalarAs(node, { ctx, scope, row: undefined }, 'long')}, 0)`;
}

export function sort(
  op: Kusto.Language.Syntax.SortOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const keys = elements(op.Expressions).map((e) => sortKey(e, scope, input, ctx));
  return withKeys(input, keys, ctx);
}

export function top(
  op: Kusto.Language.Syntax.TopOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  if (!op.Expression || !op.ByExpression) return ctx.unsupported(op, 'top without a count or key');
  const key = sortKey(op.ByExpression, scope, input, ctx);
  return withKeys(input, [key], ctx, limitSql(op.Expression, scope, ctx));
}
