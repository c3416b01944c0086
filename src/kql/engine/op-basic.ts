// Row-wise operators: where, extend, project and its variants, take, count, distinct, serialize...
import type { Context } from './context.js';
import { type Relation, type Scope, findColumn, hiddenIds } from './model.js';
import {
  type OutItem,
  conform,
  outputSpecs,
  passThrough,
  rowEnv,
  selectStage,
  unquote,
  virtualColumn,
} from './stage.js';
import { columnsFor } from './context.js';
import { type ExprEnv, scalar, scalarAs } from './expressions.js';
import { elements } from './ktypes.js';
import { kindOf, nodeText } from './kinds.js';
import { quoteIdent, quoteString } from './sql.js';
import { limitSql } from './op-sort.js';

type Node = Kusto.Language.Syntax.Expression;
type Op = Kusto.Language.Syntax.QueryOperator;

/** Window functions in a WHERE clause are computed in a stage before it. */
export interface WindowSink {
  items: { id: string; sql: string }[];
}

export function where(
  op: Kusto.Language.Syntax.FilterOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  if (!op.Condition) return ctx.unsupported(op, 'where without a condition');
  const windows: WindowSink = { items: [] };
  const env: ExprEnv = { ...rowEnv(ctx, scope, input), windows, predicate: true };
  const condition = scalarAs(op.Condition, env, 'bool');
  let source = input;
  if (windows.items.length > 0) {
    const extra = windows.items.map((w) => `${w.sql} AS ${w.id}`);
    const list = [...input.columns.map((c) => c.id), ...hiddenIds(input), ...extra].join(', ');
    source = ctx.stageLike(`SELECT ${list} FROM ${input.from}`, input.columns, input);
  }
  return selectStage(ctx, source, passThrough(source), { where: condition });
}

/** The declared name of `name = expr`, or undefined for an unnamed expression. */
function declaredName(node: Node): string | undefined {
  if (kindOf(node) === 'SimpleNamedExpression') {
    return (node as Kusto.Language.Syntax.SimpleNamedExpression).Name?.SimpleName ?? undefined;
  }
  return undefined;
}

function namedValue(node: Node, ctx: Context): Node {
  if (kindOf(node) === 'SimpleNamedExpression') {
    const inner = (node as Kusto.Language.Syntax.SimpleNamedExpression).Expression;
    if (!inner) return ctx.unsupported(node, 'an empty expression');
    return inner;
  }
  if (kindOf(node) === 'CompoundNamedExpression')
    return ctx.unsupported(node, 'assigning to several names at once');
  return node;
}

/**
 * Evaluates `extend`-style assignments in order (each may use the ones before it) and returns
 * the resulting columns as SQL over the input.
 */
export function assignments(
  op: Op,
  expressions: Node[],
  input: Relation,
  scope: Scope,
  ctx: Context,
  mode: 'extend' | 'project',
): OutItem[] {
  const specs = outputSpecs(ctx, op);
  const inputNames = new Set(input.columns.map((c) => c.name));
  const newNames = mode === 'extend' ? specs.filter((s) => !inputNames.has(s.name)).map((s) => s.name) : [];
  let current: Relation = { from: input.from, columns: [...input.columns], order: input.order };
  const projected: OutItem[] = [];
  let fresh = 0;
  expressions.forEach((expression, i) => {
    const value = scalar(namedValue(expression, ctx), rowEnv(ctx, scope, current));
    const declared = declaredName(expression);
    let name: string;
    if (mode === 'project') name = specs[i]?.name ?? declared ?? `Column${i + 1}`;
    else if (declared !== undefined && current.columns.some((c) => c.name === declared)) name = declared;
    else name = newNames[fresh++] ?? declared ?? `Column${i + 1}`;
    const column = virtualColumn(name, value.type, value.sql);
    const columns = current.columns.filter((c) => c.name !== name);
    const index = current.columns.findIndex((c) => c.name === name);
    if (index >= 0) columns.splice(index, 0, column);
    else columns.push(column);
    current = { ...current, columns };
    if (mode === 'project') projected.push({ name, type: value.type, sql: value.sql });
  });
  if (mode === 'project') return projected.map((item, i) => conform(item, specs[i]?.type ?? item.type));
  return specs.map((spec) => {
    const column = findColumn(current, spec.name);
    if (!column) return ctx.unsupported(op, `the column '${spec.name}'`);
    return conform({ name: spec.name, type: column.type, sql: column.id }, spec.type);
  });
}

export function extend(
  op: Kusto.Language.Syntax.ExtendOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const items = assignments(op, elements(op.Expressions), input, scope, ctx, 'extend');
  return selectStage(ctx, input, items);
}

export function project(
  op: Kusto.Language.Syntax.ProjectOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const items = assignments(op, elements(op.Expressions), input, scope, ctx, 'project');
  return selectStage(ctx, input, items);
}

/** project-away, project-keep, project-reorder: Kusto's output columns picked by name. */
export function pickColumns(op: Op, input: Relation, ctx: Context): Relation {
  const items = outputSpecs(ctx, op).map((spec) => {
    const column = findColumn(input, spec.name);
    if (!column) return ctx.unsupported(op, `the column '${spec.name}'`);
    return { name: spec.name, type: column.type, sql: column.id };
  });
  return selectStage(ctx, input, items);
}

export function projectRename(
  op: Kusto.Language.Syntax.ProjectRenameOperator,
  input: Relation,
  ctx: Context,
): Relation {
  const renames = new Map<string, string>();
  for (const expression of elements(op.Expressions)) {
    const named = expression as Kusto.Language.Syntax.SimpleNamedExpression;
    const to = named.Name?.SimpleName;
    const from = named.Expression?.ReferencedSymbol?.Name;
    if (!to || !from) return ctx.unsupported(expression, 'this project-rename');
    renames.set(to, from);
  }
  const items = outputSpecs(ctx, op).map((spec) => {
    const column = findColumn(input, renames.get(spec.name) ?? spec.name);
    if (!column) return ctx.unsupported(op, `the column '${spec.name}'`);
    return { name: spec.name, type: column.type, sql: column.id };
  });
  return selectStage(ctx, input, items);
}

export function take(
  op: Kusto.Language.Syntax.TakeOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  if (!op.Expression) return ctx.unsupported(op, 'take without a count');
  const count = limitSql(op.Expression, scope, ctx);
  const order = orderSql(input);
  const hidden = hiddenIds(input);
  const list = [...input.columns.map((c) => c.id), ...hidden].join(', ');
  if (input.partition) {
    const over = `PARTITION BY ${input.partition}${order ? ` ORDER BY ${order}` : ''}`;
    return ctx.stageLike(
      `SELECT ${list} FROM ${input.from} QUALIFY row_number() OVER (${over}) <= ${count}`,
      input.columns,
      input,
    );
  }
  return ctx.stageLike(
    `SELECT ${list} FROM ${input.from}${order ? ` ORDER BY ${order}` : ''} LIMIT ${count}`,
    input.columns,
    input,
  );
}

function orderSql(input: Relation): string {
  return (input.order ?? [])
    .map((k) => `${k.id} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`)
    .join(', ');
}

export function count(op: Kusto.Language.Syntax.CountOperator, input: Relation, ctx: Context): Relation {
  const spec = outputSpecs(ctx, op)[0];
  const name = spec?.name ?? 'Count';
  if (input.partition) {
    const [column] = columnsFor([{ name, type: 'long' }], [unquote(input.partition)]);
    if (!column) return ctx.unsupported(op, 'count');
    const sql = `SELECT count(*) AS ${column.id}, ${input.partition} FROM ${input.from} GROUP BY ${input.partition}`;
    return { ...ctx.stage(sql, [column]), partition: input.partition };
  }
  return selectStage(ctx, input, [{ name, type: 'long', sql: 'count(*)' }], { keepOrder: false });
}

export function distinct(
  op: Kusto.Language.Syntax.DistinctOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const expressions = elements(op.Expressions);
  const star = expressions.length === 1 && kindOf(expressions[0] as Node) === 'StarExpression';
  const items = star
    ? passThrough(input)
    : (() => {
        const specs = outputSpecs(ctx, op);
        return expressions.map((e, i) => {
          const value = scalar(namedValue(e, ctx), rowEnv(ctx, scope, input));
          return conform(
            { name: specs[i]?.name ?? `Column${i + 1}`, type: value.type, sql: value.sql },
            specs[i]?.type ?? value.type,
          );
        });
      })();
  return selectStage(ctx, input, items, { keepOrder: false, distinct: true });
}

export function serialize(
  op: Kusto.Language.Syntax.SerializeOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  if (input.partition) return ctx.unsupported(op, 'serialize inside mv-apply');
  let source = input;
  if (!input.order || input.order.length === 0) {
    const id = quoteIdent(ctx.fresh('#ord'));
    const list = [...input.columns.map((c) => c.id), `row_number() OVER () AS ${id}`].join(', ');
    source = ctx.stage(`SELECT ${list} FROM ${input.from}`, input.columns, [
      { id, desc: false, nullsFirst: false },
    ]);
  }
  const expressions = elements(op.Expressions);
  if (expressions.length === 0) return source;
  return selectStage(ctx, source, assignments(op, expressions, source, scope, ctx, 'extend'));
}

export function getschema(op: Op, input: Relation, ctx: Context): Relation {
  const rows = input.columns.map(
    (c, i) =>
      `(${quoteString(c.name)}, ${i}, ${quoteString(dataTypeName(c.type))}, ${quoteString(c.type === 'real' ? 'real' : c.type)})`,
  );
  const specs = outputSpecs(ctx, op);
  const columns = specs.map((s, i) => ({ name: s.name, type: s.type, id: quoteIdent(`c${i}`) }));
  const body =
    rows.length === 0
      ? `SELECT '' AS "c0", CAST(0 AS BIGINT) AS "c1", '' AS "c2", '' AS "c3" WHERE false`
      : `SELECT "c0", CAST("c1" AS BIGINT) AS "c1", "c2", "c3" FROM (VALUES ${rows.join(', ')}) AS v("c0", "c1", "c2", "c3")`;
  return ctx.stage(body, columns, [{ id: '"c1"', desc: false, nullsFirst: false }]);
}

function dataTypeName(type: string): string {
  const names: Record<string, string> = {
    bool: 'System.Boolean',
    int: 'System.Int32',
    long: 'System.Int64',
    real: 'System.Double',
    decimal: 'System.Data.SqlTypes.SqlDecimal',
    string: 'System.String',
    datetime: 'System.DateTime',
    timespan: 'System.TimeSpan',
    guid: 'System.Guid',
    dynamic: 'System.Object',
  };
  return names[type] ?? 'System.Object';
}

export function render(op: Kusto.Language.Syntax.RenderOperator, input: Relation, ctx: Context): Relation {
  const visualization = op.ChartType?.Text ?? 'table';
  const properties: Record<string, string> = {};
  const add = (parameter: Kusto.Language.Syntax.NamedParameter): void => {
    const key = parameter.Name?.SimpleName;
    if (key && parameter.Expression) properties[key] = nodeText(parameter.Expression);
  };
  for (let i = 0; i < (op.Parameters?.Count ?? 0); i++)
    add(op.Parameters?.getItem(i) as unknown as Kusto.Language.Syntax.NamedParameter);
  for (const parameter of elements(op.WithClause?.Properties ?? null)) add(parameter);
  ctx.render = { visualization, properties };
  return input;
}
