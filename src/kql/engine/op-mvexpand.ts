// mv-expand: arrays and bags become rows; several columns expand in parallel (DuckDB's unnest of
// several lists in one SELECT pads the shorter ones with NULL, as KQL does).
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { type Column, type Relation, type Scope, findColumn, hiddenIds } from './model.js';
import { type OutItem, outputSpecs, rowEnv, selectStage, conform } from './stage.js';
import { scalar } from './expressions.js';
import { elements, scalarType, K } from './ktypes.js';
import { kindOf, nodeText } from './kinds.js';
import { namedParameters } from './params.js';
import { quoteIdent } from './sql.js';
import { coerce } from './coerce.js';

type ExpandNode = Kusto.Language.Syntax.MvExpandExpression | Kusto.Language.Syntax.MvApplyExpression;

/** Casting an expanded JSON element to `typeof(T)`: values of another JSON type become null. */
function castElement(x: string, type: KqlType): string {
  switch (type) {
    case 'dynamic':
      return x;
    case 'string':
      return `kql_dyn_str(${x})`;
    case 'long':
    case 'int':
      return `CASE WHEN json_type(${x}) IN ('BIGINT', 'UBIGINT') THEN ${coerce({ sql: x, type: 'dynamic' }, type)} END`;
    case 'real':
    case 'decimal':
      return `CASE WHEN json_type(${x}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN kql_dyn_real(${x}) END`;
    case 'bool':
      return `CASE WHEN json_type(${x}) = 'BOOLEAN' THEN kql_dyn_bool(${x}) END`;
    default:
      return coerce({ sql: x, type: 'dynamic' }, type);
  }
}

export interface Expansion {
  name: string;
  list: string;
  type: KqlType;
}

function typeOfText(node: Kusto.Language.Syntax.SyntaxNode): KqlType {
  const text = nodeText(node)
    .replace(/^\s*typeof\s*\(|\)\s*$/g, '')
    .trim()
    .toLowerCase();
  const map: Record<string, KqlType> = {
    string: 'string',
    long: 'long',
    int: 'int',
    real: 'real',
    double: 'real',
    bool: 'bool',
    boolean: 'bool',
    datetime: 'datetime',
    timespan: 'timespan',
    guid: 'guid',
    dynamic: 'dynamic',
    decimal: 'decimal',
  };
  return map[text] ?? 'dynamic';
}

function expansionOf(
  node: ExpandNode,
  input: Relation,
  scope: Scope,
  ctx: Context,
  bagAsArray: boolean,
): Expansion {
  let expression = node.Expression;
  if (!expression) return ctx.unsupported(node, 'an empty mv-expand expression');
  let name: string | undefined;
  if (kindOf(expression) === 'SimpleNamedExpression') {
    const named = expression as Kusto.Language.Syntax.SimpleNamedExpression;
    name = named.Name?.SimpleName ?? undefined;
    expression = named.Expression ?? expression;
  } else {
    // Kusto names an unnamed expression after its column, e.g. `todynamic(x)` expands into `x`.
    name = K().KustoFacts.GetExpressionResultName(expression, null, null) ?? undefined;
  }
  if (!name) return ctx.unsupported(node, 'this mv-expand expression');
  const value = scalar(expression, rowEnv(ctx, scope, input));
  if (value.type !== 'dynamic') return ctx.unsupported(node, `mv-expand of a ${value.type} value`);
  const typeNode = node.ToTypeOf?.TypeOf;
  const declared = typeNode
    ? (scalarType(typeNode.ReferencedSymbol as Kusto.Language.Symbols.TypeSymbol | null) ??
      typeOfText(typeNode))
    : 'dynamic';
  return { name, list: `${bagAsArray ? 'kql_mv_list_arr' : 'kql_mv_list'}(${value.sql})`, type: declared };
}

export interface ExpandOptions {
  bagAsArray: boolean;
  indexName: string | undefined;
  limit: string | undefined;
}

export function expandOptions(
  params: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.NamedParameter> | null,
  limitNode: Kusto.Language.Syntax.Expression | null | undefined,
  scope: Scope,
  ctx: Context,
): ExpandOptions {
  const named = namedParameters(params);
  const kind = (named.get('kind')?.text ?? named.get('bagexpansion')?.text ?? 'bag').toLowerCase();
  const limit = limitNode ? coerce(scalar(limitNode, { ctx, scope, row: undefined }), 'long') : undefined;
  return { bagAsArray: kind === 'array', indexName: named.get('with_itemindex')?.text, limit };
}

/**
 * The input with the expansions unnested: input columns (an expansion of the same name replaces
 * one in place), new expansions after them, then the item index when asked for.
 */
export function expandRows(
  nodes: ExpandNode[],
  input: Relation,
  scope: Scope,
  ctx: Context,
  options: ExpandOptions,
): Relation {
  const expansions = nodes.map((e) => expansionOf(e, input, scope, ctx, options.bagAsArray));
  const hidden = hiddenIds(input);
  const lists = expansions.map((e, i) => ({
    id: quoteIdent(`#l${i}`),
    sql: options.limit ? `list_slice(${e.list}, 1, ${options.limit})` : e.list,
  }));
  const staged = ctx.stageLike(
    `SELECT ${[...input.columns.map((c) => c.id), ...hidden, ...lists.map((l) => `${l.sql} AS ${l.id}`)].join(', ')} FROM ${input.from}`,
    input.columns,
    input,
  );
  const indexId = quoteIdent(ctx.fresh('#i'));
  const longest =
    lists.length === 1 ? `len(${lists[0]?.id})` : `greatest(${lists.map((l) => `len(${l.id})`).join(', ')})`;
  const unnests = lists.map((l, i) => `unnest(${l.id}) AS ${quoteIdent(`#e${i}`)}`);
  const order = input.order ? [...input.order, { id: indexId, desc: false, nullsFirst: false }] : undefined;
  const expanded = ctx.stage(
    `SELECT ${[...input.columns.map((c) => c.id), ...hidden, ...unnests, `unnest(range(0, ${longest})) AS ${indexId}`].join(', ')} FROM ${staged.from}`,
    input.columns,
    order,
  );
  const columns: Column[] = input.columns.map((c) => {
    const e = expansions.findIndex((x) => x.name === c.name);
    return e < 0
      ? c
      : {
          name: c.name,
          type: expansions[e]?.type ?? 'dynamic',
          id: `(${castElement(quoteIdent(`#e${e}`), expansions[e]?.type ?? 'dynamic')})`,
        };
  });
  expansions.forEach((x, e) => {
    if (!columns.some((c) => c.name === x.name)) {
      columns.push({ name: x.name, type: x.type, id: `(${castElement(quoteIdent(`#e${e}`), x.type)})` });
    }
  });
  if (options.indexName !== undefined) columns.push({ name: options.indexName, type: 'long', id: indexId });
  const items = columns.map((c) => ({ name: c.name, type: c.type, sql: c.id }));
  return selectStage(ctx, input.partition ? { ...expanded, partition: input.partition } : expanded, items);
}

export function mvExpand(
  op: Kusto.Language.Syntax.MvExpandOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const options = expandOptions(op.Parameters, op.RowLimitClause?.RowLimit, scope, ctx);
  const expanded = expandRows(elements(op.Expressions), input, scope, ctx, options);
  const items: OutItem[] = outputSpecs(ctx, op).map((spec) => {
    const column = findColumn(expanded, spec.name);
    if (!column) return ctx.unsupported(op, `the column '${spec.name}' after mv-expand`);
    return conform({ name: spec.name, type: column.type, sql: column.id }, spec.type);
  });
  return selectStage(ctx, expanded, items);
}
