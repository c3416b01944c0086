// Tables that come from nothing: print, range, datatable.
import type { Context } from './context.js';
import { columnsFor } from './context.js';
import { type Relation, type Scope } from './model.js';
import { assignments } from './op-basic.js';
import { selectStage, outputSpecs } from './stage.js';
import { scalar } from './expressions.js';
import { elements, declaredType } from './ktypes.js';
import { coerce } from './coerce.js';
import { duckType, quoteIdent, isNumeric } from './sql.js';
import type { KqlType } from '../types.js';

const ONE: Relation = { from: '(SELECT 1 AS "#one")', columns: [] };

export function print(op: Kusto.Language.Syntax.PrintOperator, scope: Scope, ctx: Context): Relation {
  const items = assignments(op, elements(op.Expressions), ONE, scope, ctx, 'project');
  return selectStage(ctx, ONE, items);
}

export function range(op: Kusto.Language.Syntax.RangeOperator, scope: Scope, ctx: Context): Relation {
  const spec = outputSpecs(ctx, op)[0];
  if (!op.From || !op.To || !op.Step || !spec) return ctx.unsupported(op, 'this range');
  const env = { ctx, scope, row: undefined };
  const from = scalar(op.From, env);
  const to = scalar(op.To, env);
  const step = scalar(op.Step, env);
  const index = quoteIdent(ctx.fresh('#k'));
  let count: string;
  let value: string;
  if (spec.type === 'datetime') {
    const stepTicks = coerce(step, 'timespan');
    count = `(kql_dt_diff(${coerce(to, 'datetime')}, ${coerce(from, 'datetime')}) // ${stepTicks})`;
    value = `kql_dt_add(${coerce(from, 'datetime')}, ${index} * ${stepTicks})`;
  } else if (isNumeric(spec.type) || spec.type === 'timespan') {
    const type: KqlType = spec.type;
    const f = coerce(from, type);
    const s = coerce(step, type);
    count = `CAST(floor((${coerce(to, type)} - ${f}) / ${s}) AS BIGINT)`;
    value = `CAST(${f} + ${index} * ${s} AS ${duckType(type)})`;
  } else {
    return ctx.unsupported(op, `range over ${spec.type}`);
  }
  const [column] = columnsFor([spec]);
  if (!column) return ctx.unsupported(op, 'this range');
  return ctx.stage(
    `SELECT ${value} AS ${column.id}, ${index} FROM range(0, greatest(${count}, -1) + 1) AS r(${index})`,
    [column],
    [{ id: index, desc: false, nullsFirst: false }],
  );
}

export function datatable(
  node: Kusto.Language.Syntax.DataTableExpression,
  scope: Scope,
  ctx: Context,
): Relation {
  const declarations = elements(node.Schema?.Columns ?? null);
  const specs = declarations.map((d) => ({
    name: d.Name?.SimpleName ?? '',
    type: declaredType(d.Type) ?? ctx.unsupported(d, 'this column type'),
  }));
  const columns = columnsFor(specs);
  const values = elements(node.Values);
  const env = { ctx, scope, row: undefined };
  const width = specs.length;
  if (width === 0) return ctx.unsupported(node, 'a datatable without columns');
  if (values.length % width !== 0)
    return ctx.unsupported(node, 'a datatable whose values do not fill its rows');
  const rows: string[] = [];
  for (let r = 0; r < values.length / width; r++) {
    const cells = specs.map((spec, c) => {
      const value = scalar(values[r * width + c] as Kusto.Language.Syntax.Expression, env);
      return `CAST(${coerce(value, spec.type)} AS ${duckType(spec.type)})`;
    });
    rows.push(`(${cells.join(', ')})`);
  }
  const ids = columns.map((c) => c.id).join(', ');
  const body =
    rows.length === 0
      ? `SELECT ${specs.map((s, i) => `CAST(NULL AS ${duckType(s.type)}) AS ${columns[i]?.id ?? ''}`).join(', ')} WHERE false`
      : `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(${ids})`;
  return ctx.stage(body, columns);
}
