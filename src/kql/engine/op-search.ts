// search: a term (`"x"`, `"x*"`, `"*x*"`) matches when any column has it as a term (or prefix,
// substring); `Col:"x"` restricts it to one column. Rows of every searched table come out with
// a `$table` column naming their table.
import type { Context } from './context.js';
import { columnsFor } from './context.js';
import { type Relation, type Scope } from './model.js';
import { outputSpecs, rowEnv } from './stage.js';
import { type ExprEnv, scalarAs } from './expressions.js';
import { elements } from './ktypes.js';
import { kindOf } from './kinds.js';
import { namedParameters } from './params.js';
import { nullOf, quoteString, regexEscape } from './sql.js';
import { coerce, toStringSql } from './coerce.js';
import { baseTable, tabular } from './tabular.js';
import { containsInsensitive, termPattern } from './predicates.js';
import { columnRef } from './model.js';

type Node = Kusto.Language.Syntax.Expression;

function literal(node: Node): string | undefined {
  const value: unknown = node.LiteralValue ?? node.ConstantValue;
  return typeof value === 'string' ? value : undefined;
}

/** One column's text against a search term, with `*` wildcards. */
function termTest(text: string, term: string, cs: boolean): string {
  const flags = cs ? '' : '(?i)';
  if (!term.includes('*')) return `regexp_matches(${text}, ${quoteString(flags + termPattern(term))})`;
  const inner = term.replace(/^\*+|\*+$/g, '');
  if (/^\*.*\*$/.test(term) && !inner.includes('*')) {
    return cs ? `contains(${text}, ${quoteString(inner)})` : containsInsensitive(text, inner);
  }
  const parts = term.split('*').map(regexEscape);
  const start = term.startsWith('*') ? '' : '(?:^|[^A-Za-z0-9])';
  const end = term.endsWith('*') ? '' : '(?:$|[^A-Za-z0-9])';
  return `regexp_matches(${text}, ${quoteString(`${flags}${start}${parts.join('.*?')}${end}`)})`;
}

function anyColumn(term: string, env: ExprEnv, cs: boolean): string {
  const row = env.row;
  if (!row) return 'false';
  const tests = row.relation.columns.map((c) =>
    termTest(toStringSql({ sql: columnRef(row, c), type: c.type }), term, cs),
  );
  return tests.length === 0 ? 'false' : `(${tests.join(' OR ')})`;
}

function condition(node: Node, env: ExprEnv, cs: boolean): string {
  const kind = kindOf(node);
  if (kind === 'AndExpression' || kind === 'OrExpression') {
    const binary = node as Kusto.Language.Syntax.BinaryExpression;
    if (!binary.Left || !binary.Right) return env.ctx.unsupported(node, 'an incomplete search');
    const op = kind === 'AndExpression' ? 'AND' : 'OR';
    return `(${condition(binary.Left, env, cs)} ${op} ${condition(binary.Right, env, cs)})`;
  }
  if (kind === 'ParenthesizedExpression') {
    const inner = (node as Kusto.Language.Syntax.ParenthesizedExpression).Expression;
    return inner ? condition(inner, env, cs) : 'false';
  }
  const term = kind === 'StringLiteralExpression' ? literal(node) : undefined;
  if (term !== undefined) return anyColumn(term, env, cs);
  if (kind === 'SearchExpression') {
    const search = node as Kusto.Language.Syntax.BinaryExpression;
    const value = search.Right ? literal(search.Right) : undefined;
    const column = (search.Left as Kusto.Language.Syntax.NameReference | null)?.SimpleName;
    const found = env.row?.relation.columns.find((c) => c.name === column);
    if (value === undefined || !column) return env.ctx.unsupported(node, 'this search term');
    if (!found || !env.row) return 'false';
    return termTest(toStringSql({ sql: columnRef(env.row, found), type: found.type }), value, cs);
  }
  return `coalesce(${scalarAs(node, env, 'bool')}, false)`;
}

function sources(
  op: Kusto.Language.Syntax.SearchOperator,
  input: Relation | undefined,
  scope: Scope,
  ctx: Context,
): Relation[] {
  if (input) return [input];
  const tables = op.InClause ? elements(op.InClause.Expressions) : [];
  if (tables.length > 0) return tables.map((t) => tabular(t, scope, ctx));
  return ctx.tables().map((t) => baseTable(ctx, op, t.name));
}

export function search(
  op: Kusto.Language.Syntax.SearchOperator,
  input: Relation | undefined,
  scope: Scope,
  ctx: Context,
): Relation {
  if (!op.Condition) return ctx.unsupported(op, 'search without a condition');
  const params = namedParameters(op.Parameters);
  const cs = (params.get('kind')?.text ?? '').toLowerCase() === 'case_sensitive';
  const specs = outputSpecs(ctx, op);
  const columns = columnsFor(specs);
  const legs = sources(op, input, scope, ctx).filter((r) => !r.empty);
  if (legs.length * specs.length > 200_000) return ctx.unsupported(op, `a search over ${legs.length} tables`);
  const selects = legs.map((relation) => {
    const where = condition(op.Condition as Node, rowEnv(ctx, scope, relation), cs);
    const list = specs.map((spec, i) => {
      const id = columns[i]?.id ?? '';
      if (spec.name === '$table') return `${quoteString(relation.label ?? '')} AS ${id}`;
      const column =
        relation.columns.find((c) => c.name === spec.name && c.type === spec.type) ??
        relation.columns.find((c) => c.name === spec.name);
      return `${column ? coerce({ sql: column.id, type: column.type }, spec.type) : nullOf(spec.type)} AS ${id}`;
    });
    return `SELECT ${list.join(', ')} FROM ${relation.from} WHERE ${where}`;
  });
  if (selects.length === 0) {
    return ctx.stage(
      `SELECT ${specs.map((s, i) => `${nullOf(s.type)} AS ${columns[i]?.id ?? ''}`).join(', ')} WHERE false`,
      columns,
    );
  }
  return ctx.stage(selects.join(' UNION ALL '), columns);
}
