// Tabular expressions: table references, pipelines, let-bound tables, function calls, sources.
import type { Context } from './context.js';
import { type Relation, type Scope } from './model.js';
import { quoteIdent } from './sql.js';
import { kindOf, describeKind } from './kinds.js';
import { isNode, K } from './ktypes.js';
import { expandCall, isUserFunction } from './calls.js';
import { applyOperator, sourceOperator } from './operators.js';
import { datatable } from './op-sources.js';

type Node = Kusto.Language.Syntax.Expression;

export function baseTable(ctx: Context, node: Node, name: string): Relation {
  const table = ctx.table(name);
  if (!table) return ctx.unsupported(node, `the table '${name}'`);
  const columns = table.columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    id: table.columnIds?.[i] ?? quoteIdent(c.name),
  }));
  const relation: Relation = { from: table.sqlName ?? quoteIdent(table.name), columns, label: table.name };
  return table.empty ? { ...relation, empty: true } : relation;
}

function nameReference(node: Kusto.Language.Syntax.NameReference, scope: Scope, ctx: Context): Relation {
  const name = node.SimpleName ?? '';
  const binding = scope.get(name);
  if (binding?.kind === 'table') return binding.relation();
  if (binding?.kind === 'function' || (node.ReferencedSymbol?.Kind === 3 && !binding)) {
    const result = expandCall(node, { ctx, scope, row: undefined });
    if ('sql' in result) return ctx.unsupported(node, `'${name}' as a table`);
    return result;
  }
  if (binding?.kind === 'scalar') return ctx.unsupported(node, `the scalar '${name}' as a table`);
  return baseTable(ctx, node, name);
}

function functionCall(
  node: Kusto.Language.Syntax.FunctionCallExpression,
  scope: Scope,
  ctx: Context,
): Relation {
  const env = { ctx, scope, row: undefined };
  const name = node.Name?.SimpleName ?? '';
  if (isUserFunction(node, env)) {
    const result = expandCall(node, env);
    if ('sql' in result) return ctx.unsupported(node, `'${name}()' as a table`);
    return result;
  }
  if (name === 'table' || name === 'view') {
    const referenced = node.ReferencedSymbol;
    const tableName = referenced?.Kind === 10 ? referenced.Name : undefined;
    const arg = node.ArgumentList?.Expressions;
    const literal: unknown =
      arg && arg.Count > 0
        ? (arg.getItem(0) as unknown as Kusto.Language.Syntax.SeparatedElement$1<Node>).Element$1
            ?.ConstantValue
        : undefined;
    const resolved = typeof literal === 'string' ? literal : tableName;
    if (resolved) {
      const bound = scope.get(resolved);
      if (bound?.kind === 'table') return bound.relation();
      return baseTable(ctx, node, resolved);
    }
  }
  return ctx.unsupported(node, `the tabular function ${name}()`);
}

/** Re-stages a relation as a MATERIALIZED CTE so DuckDB computes it once. */
function materialize(relation: Relation, ctx: Context): Relation {
  const columns = relation.columns.map((c) => c.id);
  const hidden = (relation.order ?? []).map((k) => k.id);
  const list = [...columns, ...hidden].join(', ') || '*';
  return ctx.stage(`SELECT ${list} FROM ${relation.from}`, relation.columns, relation.order, true);
}

export function tabular(node: Node, scope: Scope, ctx: Context): Relation {
  switch (kindOf(node)) {
    case 'PipeExpression': {
      const pipe = node as Kusto.Language.Syntax.PipeExpression;
      if (!pipe.Expression || !pipe.Operator) return ctx.unsupported(node, 'an incomplete pipeline');
      const input = tabular(pipe.Expression, scope, ctx);
      return applyOperator(pipe.Operator, input, scope, ctx);
    }
    case 'ParenthesizedExpression': {
      const inner = (node as Kusto.Language.Syntax.ParenthesizedExpression).Expression;
      if (!inner) return ctx.unsupported(node, 'an empty expression');
      return tabular(inner, scope, ctx);
    }
    case 'NameReference':
      return nameReference(node as Kusto.Language.Syntax.NameReference, scope, ctx);
    case 'FunctionCallExpression':
      return functionCall(node as Kusto.Language.Syntax.FunctionCallExpression, scope, ctx);
    case 'MaterializeExpression': {
      const inner = (node as Kusto.Language.Syntax.MaterializeExpression).Expression;
      if (!inner) return ctx.unsupported(node, 'materialize()');
      return materialize(tabular(inner, scope, ctx), ctx);
    }
    case 'ToTableExpression': {
      const inner = (node as Kusto.Language.Syntax.ToTableExpression).Expression;
      if (!inner) return ctx.unsupported(node, 'totable()');
      return tabular(inner, scope, ctx);
    }
    case 'DataTableExpression':
      return datatable(node as Kusto.Language.Syntax.DataTableExpression, scope, ctx);
    default:
      if (isNode(node, K().Syntax.QueryOperator)) {
        return sourceOperator(node as Kusto.Language.Syntax.QueryOperator, scope, ctx);
      }
      return ctx.unsupported(node, describeKind(node));
  }
}
