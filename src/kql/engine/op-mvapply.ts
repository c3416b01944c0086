// mv-apply: each input row's arrays expand into a subtable the subquery runs on; the subquery's
// rows are joined back to their input row. The expanded rows carry the input row's number as a
// hidden partition, and the operators inside work per partition (summarize groups by it, top and
// take keep the first rows of each).
import type { Context } from './context.js';
import { type Relation, type Scope, findColumn, hiddenIds } from './model.js';
import { type OutItem, conform, outputSpecs, selectStage } from './stage.js';
import { elements } from './ktypes.js';
import { kindOf } from './kinds.js';
import { quoteIdent } from './sql.js';
import { expandOptions, expandRows } from './op-mvexpand.js';
import { applyOperator } from './operators.js';

type Node = Kusto.Language.Syntax.Expression;

/** Applies a pipeline whose first operator takes `input` implicitly. */
function applyChain(node: Node, input: Relation, scope: Scope, ctx: Context): Relation {
  const kind = kindOf(node);
  if (kind === 'PipeExpression') {
    const pipe = node as Kusto.Language.Syntax.PipeExpression;
    if (!pipe.Expression || !pipe.Operator) return ctx.unsupported(node, 'an incomplete subquery');
    return applyOperator(pipe.Operator, applyChain(pipe.Expression, input, scope, ctx), scope, ctx);
  }
  if (kind === 'ParenthesizedExpression') {
    const inner = (node as Kusto.Language.Syntax.ParenthesizedExpression).Expression;
    if (!inner) return ctx.unsupported(node, 'an empty subquery');
    return applyChain(inner, input, scope, ctx);
  }
  return applyOperator(node as Kusto.Language.Syntax.QueryOperator, input, scope, ctx);
}

export function mvApply(
  op: Kusto.Language.Syntax.MvApplyOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  if (input.partition) return ctx.unsupported(op, 'mv-apply inside mv-apply');
  if (op.ContextIdClause) return ctx.unsupported(op, 'mv-apply with an id');
  const subquery = op.Subquery?.Expression;
  if (!subquery) return ctx.unsupported(op, 'mv-apply without a subquery');
  const rid = quoteIdent(ctx.fresh('#rid'));
  const list = [
    ...input.columns.map((c) => c.id),
    ...hiddenIds(input),
    `row_number() OVER () AS ${rid}`,
  ].join(', ');
  const numbered: Relation = {
    ...ctx.stage(`SELECT ${list} FROM ${input.from}`, input.columns, input.order),
    partition: rid,
  };
  ctx.partitionRows.set(rid, numbered.from);
  const options = expandOptions(op.Parameters, op.RowLimitClause?.RowLimit, scope, ctx);
  const expanded = expandRows(elements(op.Expressions), numbered, scope, ctx, options);
  const applied = applyChain(subquery, { ...expanded, order: undefined }, scope, ctx);
  const R = '"#r"';
  const I = '"#i"';
  const from = `${applied.from} AS ${R} JOIN ${numbered.from} AS ${I} ON ${R}.${rid} = ${I}.${rid}`;
  const items: OutItem[] = outputSpecs(ctx, op).map((spec) => {
    const sub = findColumn(applied, spec.name);
    if (sub) return conform({ name: spec.name, type: sub.type, sql: `${R}.${sub.id}` }, spec.type);
    const outer = findColumn(input, spec.name);
    if (!outer) return ctx.unsupported(op, `the column '${spec.name}' after mv-apply`);
    return conform({ name: spec.name, type: outer.type, sql: `${I}.${outer.id}` }, spec.type);
  });
  return selectStage(ctx, { from, columns: [] }, items, { keepOrder: false });
}
