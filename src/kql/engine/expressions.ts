// Scalar expressions: names, literals, dynamic access, arithmetic, comparisons, function calls.
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { type RowScope, type Scope, columnRef, findColumn, orderByClause, type Relation } from './model.js';
import { type Sql, isIntegral, isNumeric, quoteString } from './sql.js';
import { coerce } from './coerce.js';
import { literal } from './literals.js';
import { kindOf, nodeText } from './kinds.js';
import { elements, isNode, K } from './ktypes.js';
import { stringPredicate, inPredicate, betweenPredicate, hasAnyPredicate } from './predicates.js';
import { callFunction } from './calls.js';
import { tabular } from './tabular.js';
import type { WindowSink } from './op-basic.js';

export interface ExprEnv {
  ctx: Context;
  scope: Scope;
  /** The row the expression is evaluated on; absent for constant contexts (let, print). */
  row: RowScope | undefined;
  /** Inside summarize: aggregate functions are allowed. */
  aggregate?: boolean;
  /** Inside where: window functions are computed in a stage before the filter. */
  windows?: WindowSink;
  /** Inside summarize without by: sums, counts and variances of no rows are 0, not null. */
  ungrouped?: boolean;
  /** Inside summarize over ordered rows: the ORDER BY that make_list follows. */
  aggregateOrder?: string;
  /** The value is used as a filter (a null result counts as false), through and/or only. */
  predicate?: boolean;
}

type Node = Kusto.Language.Syntax.Expression;

export function scalar(node: Node, env: ExprEnv): Sql {
  const lit = literal(env.ctx, node);
  if (lit) return lit;
  const kind = kindOf(node);
  switch (kind) {
    case 'ParenthesizedExpression': {
      const inner = (node as Kusto.Language.Syntax.ParenthesizedExpression).Expression;
      if (!inner) return env.ctx.unsupported(node, 'an empty expression');
      if (
        kindOf(inner) === 'PipeExpression' ||
        (inner.ResultType?.Kind === 10 && node.ResultType?.Kind !== 10)
      ) {
        return firstCellOf(tabular(inner, env.scope, env.ctx), env.ctx, node);
      }
      const value = scalar(inner, env);
      return { sql: `(${value.sql})`, type: value.type };
    }
    case 'NameReference':
      return nameReference(node as Kusto.Language.Syntax.NameReference, env);
    case 'SimpleNamedExpression': {
      // `f(name = value)` inside an argument list: the name is only a label.
      const inner = (node as Kusto.Language.Syntax.SimpleNamedExpression).Expression;
      if (!inner) return env.ctx.unsupported(node, 'an empty expression');
      return scalar(inner, env);
    }
    case 'PathExpression':
    case 'ElementExpression':
      return pathOrElement(node, env);
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return unary(node as Kusto.Language.Syntax.PrefixUnaryExpression, env, kind === 'UnaryMinusExpression');
    case 'AddExpression':
    case 'SubtractExpression':
    case 'MultiplyExpression':
    case 'DivideExpression':
    case 'ModuloExpression':
      return arithmetic(node as Kusto.Language.Syntax.BinaryExpression, env, kind);
    case 'AndExpression':
    case 'OrExpression':
      return logical(
        node as Kusto.Language.Syntax.BinaryExpression,
        env,
        kind === 'AndExpression' ? 'AND' : 'OR',
      );
    case 'LessThanExpression':
    case 'LessThanOrEqualExpression':
    case 'GreaterThanExpression':
    case 'GreaterThanOrEqualExpression':
    case 'EqualExpression':
    case 'NotEqualExpression':
      return comparison(node as Kusto.Language.Syntax.BinaryExpression, env, kind);
    case 'FunctionCallExpression':
      return callFunction(node as Kusto.Language.Syntax.FunctionCallExpression, env);
    case 'ToScalarExpression': {
      const inner = (node as Kusto.Language.Syntax.ToScalarExpression).Expression;
      if (!inner) return env.ctx.unsupported(node, 'toscalar()');
      if (inner.ResultType?.Kind !== 10) return scalar(inner, env);
      return firstCellOf(tabular(inner, env.scope, env.ctx), env.ctx, node);
    }
    case 'InExpression':
    case 'InCsExpression':
    case 'NotInExpression':
    case 'NotInCsExpression':
      return inPredicate(node as Kusto.Language.Syntax.InExpression, env);
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return hasAnyPredicate(
        node as Kusto.Language.Syntax.HasAnyExpression,
        env,
        kind === 'HasAllExpression',
      );
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return betweenPredicate(
        node as Kusto.Language.Syntax.BetweenExpression,
        env,
        kind === 'NotBetweenExpression',
      );
    case 'PipeExpression':
      return firstCellOf(tabular(node, env.scope, env.ctx), env.ctx, node);
    default:
      if (isNode(node, K().Syntax.BinaryExpression)) {
        const predicate = stringPredicate(node as Kusto.Language.Syntax.BinaryExpression, env);
        if (predicate) return predicate;
      }
      return env.ctx.unsupported(node, `the expression '${shortText(node)}'`);
  }
}

export function shortText(node: Kusto.Language.Syntax.SyntaxNode): string {
  const text = nodeText(node).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Translates then converts to the wanted type. */
export function scalarAs(node: Node, env: ExprEnv, type: KqlType): string {
  return coerce(scalar(node, env), type);
}

/** The value of the first column of the first row of a tabular expression (toscalar). */
export function firstCellOf(relation: Relation, ctx: Context, node: Node): Sql {
  const first = relation.columns[0];
  if (!first) return ctx.unsupported(node, 'a scalar from a table without columns');
  const order = orderByClause(relation.order);
  return {
    sql: `(SELECT ${first.id} FROM ${relation.from}${order ? ` ORDER BY ${order}` : ''} LIMIT 1)`,
    type: first.type,
  };
}

function nameReference(node: Kusto.Language.Syntax.NameReference, env: ExprEnv): Sql {
  const symbol = node.ReferencedSymbol;
  const name = node.SimpleName ?? '';
  const kind = symbol?.Kind;
  if (kind === 9) return columnValue(node, name, env);
  const binding = env.scope.get(name);
  if (binding?.kind === 'scalar') return binding.value;
  if (binding?.kind === 'table' || kind === 10) {
    return firstCellOf(tabular(node, env.scope, env.ctx), env.ctx, node);
  }
  if (kind === 3 && binding === undefined) {
    return callFunction(node, env);
  }
  if (env.row && findColumn(env.row.relation, name)) return columnValue(node, name, env);
  return env.ctx.unsupported(node, `the name '${name}' here`);
}

function columnValue(node: Node, name: string, env: ExprEnv): Sql {
  const row = env.row;
  const column = row ? findColumn(row.relation, name) : undefined;
  if (!row || !column) {
    const binding = env.scope.get(name);
    if (binding?.kind === 'scalar') return binding.value;
    return env.ctx.unsupported(node, `the column '${name}' in this context`);
  }
  return { sql: columnRef(row, column), type: column.type };
}

function unary(node: Kusto.Language.Syntax.PrefixUnaryExpression, env: ExprEnv, minus: boolean): Sql {
  const operand = node.Expression;
  if (!operand) return env.ctx.unsupported(node, 'an empty expression');
  const type = env.ctx.typeOf(node);
  const value = scalarAs(operand, env, type);
  return { sql: minus ? `(-${value})` : value, type };
}

function operands(node: Kusto.Language.Syntax.BinaryExpression, env: ExprEnv): [Sql, Sql] {
  if (!node.Left || !node.Right) return env.ctx.unsupported(node, 'an incomplete expression');
  const inner = env.predicate ? { ...env, predicate: false } : env;
  return [scalar(node.Left, inner), scalar(node.Right, inner)];
}

/** Dynamic operands take the type of the other side (or the result type). */
function unwrapDynamic(a: Sql, b: Sql, fallback: KqlType): [Sql, Sql] {
  const target = (other: Sql): KqlType => (other.type === 'dynamic' ? fallback : other.type);
  const a2 =
    a.type === 'dynamic' && fallback !== 'dynamic' ? { sql: coerce(a, target(b)), type: target(b) } : a;
  const b2 =
    b.type === 'dynamic' && fallback !== 'dynamic' ? { sql: coerce(b, target(a)), type: target(a) } : b;
  return [a2, b2];
}

function arithmetic(node: Kusto.Language.Syntax.BinaryExpression, env: ExprEnv, kind: string): Sql {
  const type = env.ctx.typeOf(node);
  const [rawA, rawB] = operands(node, env);
  const [a, b] = unwrapDynamic(rawA, rawB, isNumeric(type) ? type : 'real');
  const special = temporalArithmetic(a, b, kind, type);
  if (special) return { sql: special, type };
  if (!isNumeric(a.type) || !isNumeric(b.type)) {
    return env.ctx.unsupported(node, `'${shortText(node)}' on ${a.type} and ${b.type}`);
  }
  const x = coerce(a, type === 'int' ? 'int' : a.type);
  const y = coerce(b, type === 'int' ? 'int' : b.type);
  switch (kind) {
    case 'AddExpression':
      return { sql: `(${x} + ${y})`, type };
    case 'SubtractExpression':
      return { sql: `(${x} - ${y})`, type };
    case 'MultiplyExpression':
      return { sql: `(${x} * ${y})`, type };
    case 'DivideExpression':
      // KQL divides integers as integers, truncating toward zero; DuckDB's `/` is always real.
      return isIntegral(type)
        ? { sql: `(${x} // ${y})`, type }
        : { sql: `(CAST(${x} AS DOUBLE) / ${y})`, type };
    default:
      // KQL's modulo is never negative: 0 <= x % y < abs(y).
      return isIntegral(type)
        ? { sql: `(((${x} % ${y}) + abs(${y})) % abs(${y}))`, type }
        : { sql: `fmod(fmod(${x}, ${y}) + abs(${y}), abs(${y}))`, type };
  }
}

function temporalArithmetic(a: Sql, b: Sql, kind: string, type: KqlType): string | undefined {
  const ta = a.type;
  const tb = b.type;
  if (kind === 'AddExpression') {
    if (ta === 'datetime' && tb === 'timespan') return `kql_dt_add(${a.sql}, ${b.sql})`;
    if (ta === 'timespan' && tb === 'datetime') return `kql_dt_add(${b.sql}, ${a.sql})`;
    if (ta === 'timespan' && tb === 'timespan') return `(${a.sql} + ${b.sql})`;
  }
  if (kind === 'SubtractExpression') {
    if (ta === 'datetime' && tb === 'datetime') return `kql_dt_diff(${a.sql}, ${b.sql})`;
    if (ta === 'datetime' && tb === 'timespan') return `kql_dt_add(${a.sql}, -(${b.sql}))`;
    if (ta === 'timespan' && tb === 'timespan') return `(${a.sql} - ${b.sql})`;
  }
  if (type !== 'timespan' && !(ta === 'timespan' && tb === 'timespan')) return undefined;
  if (kind === 'MultiplyExpression') {
    if (ta === 'timespan' && isNumeric(tb)) return `CAST(round(${a.sql} * ${b.sql}) AS BIGINT)`;
    if (tb === 'timespan' && isNumeric(ta)) return `CAST(round(${b.sql} * ${a.sql}) AS BIGINT)`;
  }
  if (kind === 'DivideExpression') {
    if (ta === 'timespan' && tb === 'timespan') return `(CAST(${a.sql} AS DOUBLE) / ${b.sql})`;
    if (ta === 'timespan' && isNumeric(tb)) return `CAST(trunc(${a.sql} / ${b.sql}) AS BIGINT)`;
  }
  if (kind === 'ModuloExpression' && ta === 'timespan' && tb === 'timespan') return `(${a.sql} % ${b.sql})`;
  return undefined;
}

function logical(node: Kusto.Language.Syntax.BinaryExpression, env: ExprEnv, op: 'AND' | 'OR'): Sql {
  if (!node.Left || !node.Right) return env.ctx.unsupported(node, 'an incomplete expression');
  const a = scalar(node.Left, env);
  const b = scalar(node.Right, env);
  return { sql: `(${coerce(a, 'bool')} ${op} ${coerce(b, 'bool')})`, type: 'bool' };
}

const COMPARE: Record<string, string> = {
  LessThanExpression: '<',
  LessThanOrEqualExpression: '<=',
  GreaterThanExpression: '>',
  GreaterThanOrEqualExpression: '>=',
  EqualExpression: '=',
  NotEqualExpression: '<>',
};

/** The common type two compared values are brought to. */
function comparisonType(a: Sql, b: Sql): KqlType {
  if (a.type === b.type) return a.type;
  if (a.type === 'dynamic') return b.type;
  if (b.type === 'dynamic') return a.type;
  if (isNumeric(a.type) && isNumeric(b.type)) return a.type === 'real' || b.type === 'real' ? 'real' : 'long';
  if (a.type === 'guid' || b.type === 'guid') return 'string';
  return a.type;
}

function isNonNullLiteral(node: Node | null): boolean {
  if (!node) return false;
  const kind = kindOf(node);
  return (
    kind.endsWith('LiteralExpression') &&
    kind !== 'NullLiteralExpression' &&
    !/\(\s*null\s*\)$/i.test(nodeText(node))
  );
}

function comparison(node: Kusto.Language.Syntax.BinaryExpression, env: ExprEnv, kind: string): Sql {
  const [a, b] = operands(node, env);
  const op = COMPARE[kind] ?? '=';
  const type = a.type === 'dynamic' && b.type === 'dynamic' ? 'string' : comparisonType(a, b);
  // DuckDB compares int, long and real directly; a cast on the column would hide it from filter pushdown.
  const direct = isNumeric(a.type) && isNumeric(b.type);
  const x = direct ? a.sql : coerce(a, type);
  const y = direct ? b.sql : coerce(b, type);
  if ((op !== '=' && op !== '<>') || type === 'string' || (op === '=' && env.predicate)) {
    return { sql: `(${x} ${op} ${y})`, type: 'bool' };
  }
  // KQL: null == value is false and null != value is true; with two nulls both are null.
  if (isNonNullLiteral(node.Left) || isNonNullLiteral(node.Right)) {
    return { sql: `coalesce(${x} ${op} ${y}, ${op === '=' ? 'false' : 'true'})`, type: 'bool' };
  }
  const distinct = op === '=' ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
  return {
    sql: `(CASE WHEN ${x} IS NULL AND ${y} IS NULL THEN NULL ELSE ${x} ${distinct} ${y} END)`,
    type: 'bool',
  };
}

/** `d.a.b`, `d['k']`, `d[0]` (JSON paths) and `$left.x` / `$right.x` in join conditions. */
function pathOrElement(node: Node, env: ExprEnv): Sql {
  const side = joinSide(node, env);
  if (side) return side;
  const steps: string[] = [];
  let base: Node = node;
  for (;;) {
    const kind = kindOf(base);
    if (kind === 'PathExpression') {
      const path = base as Kusto.Language.Syntax.PathExpression;
      const selector = path.Selector;
      if (!selector || !path.Expression) return env.ctx.unsupported(node, `the path '${shortText(node)}'`);
      if (kindOf(selector) === 'BracketedExpression') {
        const inner = (selector as Kusto.Language.Syntax.BracketedExpression).Expression;
        if (!inner) return env.ctx.unsupported(node, `the path '${shortText(node)}'`);
        steps.unshift(elementStep(inner, env));
      } else {
        const key = selectorName(selector);
        if (key === undefined) return env.ctx.unsupported(node, `the path '${shortText(node)}'`);
        steps.unshift(pathKey(key));
      }
      base = path.Expression;
    } else if (kind === 'ElementExpression') {
      const element = base as Kusto.Language.Syntax.ElementExpression;
      const bracket = element.Selector as Kusto.Language.Syntax.BracketedExpression | null;
      const inner = bracket?.Expression;
      if (!inner || !element.Expression)
        return env.ctx.unsupported(node, `the element access '${shortText(node)}'`);
      steps.unshift(elementStep(inner, env));
      base = element.Expression;
    } else break;
  }
  const target = scalar(base, env);
  if (target.type !== 'dynamic') {
    return env.ctx.unsupported(node, `member access on a ${target.type} value`);
  }
  return { sql: jsonPath(target.sql, steps), type: 'dynamic' };
}

function joinSide(node: Node, env: ExprEnv): Sql | undefined {
  if (kindOf(node) !== 'PathExpression') return undefined;
  const path = node as Kusto.Language.Syntax.PathExpression;
  const head = path.Expression;
  if (!head || kindOf(head) !== 'NameReference') return undefined;
  const name = (head as Kusto.Language.Syntax.NameReference).SimpleName;
  if (name !== '$left' && name !== '$right') return undefined;
  const side = name === '$left' ? env.row?.left : env.row?.right;
  const columnName = path.Selector ? selectorName(path.Selector) : undefined;
  const column = side && columnName !== undefined ? findColumn(side.relation, columnName) : undefined;
  if (!side || !column) return env.ctx.unsupported(node, `'${shortText(node)}' here`);
  return { sql: columnRef(side, column), type: column.type };
}

function selectorName(selector: Node): string | undefined {
  if (kindOf(selector) === 'NameReference')
    return (selector as Kusto.Language.Syntax.NameReference).SimpleName ?? undefined;
  if (kindOf(selector) === 'BracketedExpression') {
    const inner = (selector as Kusto.Language.Syntax.BracketedExpression).Expression;
    const value: unknown = inner?.ConstantValue ?? inner?.LiteralValue;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** A JSON path step for a constant key, or a SQL expression (marked with a leading `|`). */
function pathKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `.${key}`
    : `."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function elementStep(inner: Node, env: ExprEnv): string {
  const value: unknown = inner.IsConstant ? inner.ConstantValue : undefined;
  if (typeof value === 'string') return pathKey(value);
  const numeric = constantInteger(inner);
  if (numeric !== undefined) return numeric < 0 ? `[#${numeric}]` : `[${numeric}]`;
  const index = scalar(inner, env);
  if (isIntegral(index.type)) {
    return `|CASE WHEN ${index.sql} < 0 THEN '[#' || CAST(${index.sql} AS VARCHAR) || ']' ELSE '[' || CAST(${index.sql} AS VARCHAR) || ']' END`;
  }
  const text = coerce(index, 'string');
  return `|'."' || replace(replace(${text}, '\\', '\\\\'), '"', '\\"') || '"'`;
}

function constantInteger(node: Node): number | undefined {
  const kind = kindOf(node);
  if (kind === 'LongLiteralExpression' || kind === 'IntLiteralExpression') {
    const n = Number(nodeText(node));
    return Number.isInteger(n) ? n : undefined;
  }
  if (kind === 'UnaryMinusExpression') {
    const inner = (node as Kusto.Language.Syntax.PrefixUnaryExpression).Expression;
    const n = inner ? constantInteger(inner) : undefined;
    return n === undefined ? undefined : -n;
  }
  return undefined;
}

function jsonPath(base: string, steps: string[]): string {
  if (steps.every((s) => !s.startsWith('|')))
    return `json_extract(${base}, ${quoteString(`$${steps.join('')}`)})`;
  const parts = steps.map((s) => (s.startsWith('|') ? s.slice(1) : quoteString(s)));
  return `json_extract(${base}, '$' || ${parts.join(' || ')})`;
}

/** Arguments of a call or list, as expressions. */
export function argumentNodes(list: Kusto.Language.Syntax.ExpressionList | null): Node[] {
  return list ? elements(list.Expressions) : [];
}
