// String predicates with KQL's exact semantics, and in / has_any / has_all / between.
import type { KqlType } from '../types.js';
import { type ExprEnv, argumentNodes, scalar, shortText } from './expressions.js';
import { type Sql, quoteString, regexEscape, isNumeric } from './sql.js';
import { coerce, toStringSql } from './coerce.js';
import { tabular } from './tabular.js';
import { columnRef } from './model.js';
import { kindOf } from './kinds.js';

type Node = Kusto.Language.Syntax.Expression;

const ALNUM = /[A-Za-z0-9]/;

/** RE2 pattern matching `term` as whole KQL terms (terms are maximal runs of ASCII letters/digits). */
export function termPattern(term: string, mode: 'has' | 'prefix' | 'suffix' = 'has'): string {
  const before = mode !== 'suffix' && ALNUM.test(term.charAt(0)) ? '(?:^|[^A-Za-z0-9])' : '';
  const after = mode !== 'prefix' && ALNUM.test(term.charAt(term.length - 1)) ? '(?:$|[^A-Za-z0-9])' : '';
  return `${before}${regexEscape(term)}${after}`;
}

function constantString(node: Node): string | undefined {
  if (!node.IsConstant) return undefined;
  const value: unknown = node.ConstantValue ?? node.LiteralValue;
  return typeof value === 'string' ? value : undefined;
}

function hasSql(
  text: string,
  needleNode: Node,
  env: ExprEnv,
  cs: boolean,
  mode: 'has' | 'prefix' | 'suffix',
): string {
  const literal = constantString(needleNode);
  if (literal !== undefined) {
    if (literal === '') return 'true';
    const flags = cs ? '' : '(?i)';
    const prefilter = cs ? `contains(${text}, ${quoteString(literal)})` : containsInsensitive(text, literal);
    return `(${prefilter} AND regexp_matches(${text}, ${quoteString(flags + termPattern(literal, mode))}))`;
  }
  const needle = toStringSql(scalar(needleNode, env));
  if (mode === 'has') return cs ? `kql_has_cs(${text}, ${needle})` : `kql_has(${text}, ${needle})`;
  const b = "'(^|[^A-Za-z0-9])'";
  const a = "'($|[^A-Za-z0-9])'";
  const pattern = mode === 'prefix' ? `${b} || kql_re_escape(${needle})` : `kql_re_escape(${needle}) || ${a}`;
  return `regexp_matches(${text}, ${cs ? '' : "'(?i)' || "}${pattern})`;
}

/** Case-insensitive substring test of a literal: ILIKE is fastest, but only without ESCAPE. */
export function containsInsensitive(text: string, literal: string): string {
  if (/[%_\\]/.test(literal)) return `contains(lower(${text}), ${quoteString(literal.toLowerCase())})`;
  return `(${text} ILIKE ${quoteString(`%${literal}%`)})`;
}

function containsSql(text: string, needleNode: Node, env: ExprEnv, cs: boolean): string {
  const literal = constantString(needleNode);
  if (literal !== undefined)
    return cs ? `contains(${text}, ${quoteString(literal)})` : containsInsensitive(text, literal);
  const needle = toStringSql(scalar(needleNode, env));
  return cs ? `contains(${text}, ${needle})` : `contains(lower(${text}), lower(${needle}))`;
}

function affixSql(text: string, needleNode: Node, env: ExprEnv, cs: boolean, start: boolean): string {
  const needle = toStringSql(scalar(needleNode, env));
  const fn = start ? 'starts_with' : 'ends_with';
  return cs ? `${fn}(${text}, ${needle})` : `${fn}(lower(${text}), lower(${needle}))`;
}

/** The positive form of a string operator and whether it is negated. */
function parseOperator(op: string): { base: string; negated: boolean } {
  const lower = op
    .toLowerCase()
    .replace(/^notcontains/, '!contains')
    .replace(/^nothas/, '!has');
  if (lower === '!~') return { base: '=~', negated: true };
  if (lower.startsWith('!')) return { base: lower.slice(1), negated: true };
  return { base: lower, negated: false };
}

function positivePredicate(base: string, text: string, right: Node, env: ExprEnv): string | undefined {
  switch (base) {
    case 'has':
    case 'has_cs':
      return hasSql(text, right, env, base === 'has_cs', 'has');
    case 'hasprefix':
    case 'hasprefix_cs':
      return hasSql(text, right, env, base.endsWith('_cs'), 'prefix');
    case 'hassuffix':
    case 'hassuffix_cs':
      return hasSql(text, right, env, base.endsWith('_cs'), 'suffix');
    case 'contains':
    case 'contains_cs':
      return containsSql(text, right, env, base === 'contains_cs');
    case 'startswith':
    case 'startswith_cs':
      return affixSql(text, right, env, base.endsWith('_cs'), true);
    case 'endswith':
    case 'endswith_cs':
      return affixSql(text, right, env, base.endsWith('_cs'), false);
    case '=~':
      return `(lower(${text}) = lower(${toStringSql(scalar(right, env))}))`;
    case 'matches regex':
      return `regexp_matches(${text}, ${toStringSql(scalar(right, env))})`;
    default:
      return undefined;
  }
}

/** `* has "x"`: true when any column of the row does. */
function anyColumnPredicate(
  node: Kusto.Language.Syntax.BinaryExpression,
  base: string,
  negated: boolean,
  env: ExprEnv,
): Sql {
  const row = env.row;
  if (!row || negated || !node.Right) return env.ctx.unsupported(node, `'${shortText(node)}'`);
  const right = node.Right;
  const tests = row.relation.columns.map((c) => {
    const text = toStringSql({ sql: columnRef(row, c), type: c.type });
    return positivePredicate(base, text, right, env) ?? env.ctx.unsupported(node, `'${shortText(node)}'`);
  });
  return { sql: tests.length === 0 ? 'false' : `(${tests.join(' OR ')})`, type: 'bool' };
}

/** has, contains, startswith, =~, matches regex... and their negations; undefined if not one. */
export function stringPredicate(node: Kusto.Language.Syntax.BinaryExpression, env: ExprEnv): Sql | undefined {
  const opText = (node.Operator?.Text ?? '').replace(/\s+/g, ' ');
  const { base, negated } = parseOperator(opText);
  if (!node.Left || !node.Right) return undefined;
  if (kindOf(node.Left) === 'StarExpression') return anyColumnPredicate(node, base, negated, env);
  const text = toStringSql(scalar(node.Left, env));
  const sql = positivePredicate(base, text, node.Right, env);
  if (sql === undefined) return env.ctx.unsupported(node, `the operator '${opText}'`);
  return { sql: negated ? `(NOT ${sql})` : sql, type: 'bool' };
}

interface ListParts {
  scalars: Sql[];
  /** SQL lists (VARCHAR[]) of the elements of dynamic arrays, as text. */
  arrays: string[];
  /** Subqueries yielding one column. */
  subqueries: { sql: string; type: KqlType }[];
}

function listParts(nodes: Node[], env: ExprEnv): ListParts {
  const parts: ListParts = { scalars: [], arrays: [], subqueries: [] };
  for (const item of nodes) {
    if (item.ResultType?.Kind === 10) {
      const relation = tabular(item, env.scope, env.ctx);
      const first = relation.columns[0];
      if (!first) return env.ctx.unsupported(item, 'a table without columns in a list');
      parts.subqueries.push({ sql: `SELECT ${first.id} FROM ${relation.from}`, type: first.type });
      continue;
    }
    const value = scalar(item, env);
    if (value.type === 'dynamic') parts.arrays.push(`json_extract_string(${value.sql}, '$[*]')`);
    else parts.scalars.push(value);
  }
  return parts;
}

function commonType(left: Sql, values: { type: KqlType }[]): KqlType {
  if (left.type === 'dynamic') return values[0]?.type ?? 'string';
  if (isNumeric(left.type) && values.some((v) => v.type === 'real')) return 'real';
  if (isNumeric(left.type) && values.every((v) => isNumeric(v.type)))
    return left.type === 'int' ? 'long' : left.type;
  return left.type;
}

/** `in`, `!in`, `in~`, `!in~` over scalars, dynamic arrays and subqueries. */
export function inPredicate(node: Kusto.Language.Syntax.InExpression, env: ExprEnv): Sql {
  if (!node.Left) return env.ctx.unsupported(node, 'an incomplete in expression');
  const op = (node.Operator?.Text ?? 'in').toLowerCase();
  const negated = op.startsWith('!');
  const ci = op.endsWith('~');
  const left = scalar(node.Left, env);
  const parts = listParts(argumentNodes(node.Right), env);
  const type = ci ? 'string' : commonType(left, [...parts.scalars, ...parts.subqueries]);
  const fold = (x: string): string => (ci ? `lower(${x})` : x);
  const l = fold(coerce(left, type));
  const tests: string[] = [];
  if (parts.scalars.length > 0)
    tests.push(`${l} IN (${parts.scalars.map((s) => fold(coerce(s, type))).join(', ')})`);
  for (const array of parts.arrays) {
    tests.push(
      `list_contains(${ci ? `list_transform(${array}, e -> lower(e))` : array}, ${fold(coerce(left, 'string'))})`,
    );
  }
  for (const sub of parts.subqueries) {
    const col = ci ? 'lower(CAST(v AS VARCHAR))' : 'v';
    tests.push(`${l} IN (SELECT ${col} FROM (${sub.sql}) AS q(v))`);
  }
  const any = tests.length === 0 ? 'false' : tests.length === 1 ? tests[0] : `(${tests.join(' OR ')})`;
  return { sql: negated ? `(NOT coalesce(${any}, false))` : `coalesce(${any}, false)`, type: 'bool' };
}

/** `has_any` / `has_all`: every item is a term (literal lists become one RE2 pattern). */
export function hasAnyPredicate(
  node: Kusto.Language.Syntax.HasAnyExpression,
  env: ExprEnv,
  all: boolean,
): Sql {
  if (!node.Left) return env.ctx.unsupported(node, 'an incomplete has_any expression');
  const text = toStringSql(scalar(node.Left, env));
  const items = argumentNodes(node.Right);
  const literals = items.map(constantString);
  if (literals.every((l): l is string => l !== undefined)) {
    const terms = literals;
    if (terms.length === 0) return { sql: all ? 'true' : 'false', type: 'bool' };
    if (all) {
      return { sql: `(${terms.map((t) => literalHas(text, t)).join(' AND ')})`, type: 'bool' };
    }
    if (terms.some((t) => t === '')) return { sql: 'true', type: 'bool' };
    const pattern = `(?i)(?:${terms.map((t) => termPattern(t)).join('|')})`;
    return { sql: `regexp_matches(${text}, ${quoteString(pattern)})`, type: 'bool' };
  }
  const parts = listParts(items, env);
  const tests: string[] = parts.scalars.map((s) => `kql_has(${text}, ${toStringSql(s)})`);
  const combine = all ? 'AND' : 'OR';
  for (const array of parts.arrays) {
    tests.push(
      all
        ? `coalesce(list_bool_and(list_transform(${array}, t -> kql_has(${text}, t))), true)`
        : `coalesce(list_bool_or(list_transform(${array}, t -> kql_has(${text}, t))), false)`,
    );
  }
  for (const sub of parts.subqueries) {
    const predicate = `kql_has(${text}, CAST(q.v AS VARCHAR))`;
    tests.push(
      all
        ? `NOT EXISTS (SELECT 1 FROM (${sub.sql}) AS q(v) WHERE NOT ${predicate})`
        : `EXISTS (SELECT 1 FROM (${sub.sql}) AS q(v) WHERE ${predicate})`,
    );
  }
  if (tests.length === 0) return { sql: all ? 'true' : 'false', type: 'bool' };
  return { sql: `(${tests.join(` ${combine} `)})`, type: 'bool' };
}

function literalHas(text: string, term: string): string {
  if (term === '') return 'true';
  return `regexp_matches(${text}, ${quoteString(`(?i)${termPattern(term)}`)})`;
}

/** `x between (a .. b)`; for datetimes the upper bound may be a timespan added to the lower. */
export function betweenPredicate(
  node: Kusto.Language.Syntax.BetweenExpression,
  env: ExprEnv,
  negated: boolean,
): Sql {
  const couple = node.Right;
  if (!node.Left || !couple?.First || !couple.Second)
    return env.ctx.unsupported(node, 'an incomplete between');
  const left = scalar(node.Left, env);
  const low = scalar(couple.First, env);
  let high = scalar(couple.Second, env);
  if (left.type === 'datetime' && high.type === 'timespan') {
    high = { sql: `kql_dt_add(${low.sql}, ${high.sql})`, type: 'datetime' };
  }
  const type: KqlType =
    left.type === 'dynamic'
      ? low.type === 'dynamic'
        ? 'real'
        : low.type
      : isNumeric(left.type) && (low.type === 'real' || high.type === 'real')
        ? 'real'
        : left.type;
  const sql = `${coerce(left, type)} ${negated ? 'NOT ' : ''}BETWEEN ${coerce(low, type)} AND ${coerce(high, type)}`;
  return { sql: `(${sql})`, type: 'bool' };
}
