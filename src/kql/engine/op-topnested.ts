// top-nested: level by level, the top N values of a key (within each kept value of the keys
// before it) ranked by an aggregate. `with others` is not translated.
import type { Context } from './context.js';
import { type Relation, type Scope, hiddenIds } from './model.js';
import { conform, outputSpecs, rowEnv, selectStage } from './stage.js';
import { scalar, type ExprEnv } from './expressions.js';
import { elements } from './ktypes.js';
import { kindOf, nodeText } from './kinds.js';
import { quoteIdent } from './sql.js';

type Node = Kusto.Language.Syntax.Expression;

function unwrap(node: Node): Node {
  if (kindOf(node) === 'SimpleNamedExpression')
    return (node as Kusto.Language.Syntax.SimpleNamedExpression).Expression ?? node;
  return node;
}

interface Level {
  key: string;
  aggregate: string;
  desc: boolean;
  count: string | undefined;
}

function levelOf(clause: Kusto.Language.Syntax.TopNestedClause, env: ExprEnv, ctx: Context): Level {
  if (clause.WithOthersClause) return ctx.unsupported(clause, 'top-nested with others');
  if (!clause.OfExpression || !clause.ByExpression) return ctx.unsupported(clause, 'this top-nested clause');
  let by = clause.ByExpression;
  let desc = true;
  if (kindOf(by) === 'OrderedExpression') {
    const ordered = by as Kusto.Language.Syntax.OrderedExpression;
    desc = ordered.Ordering?.AscOrDescKeyword?.Text?.toLowerCase() !== 'asc';
    by = ordered.Expression ?? by;
  }
  const key = scalar(unwrap(clause.OfExpression), env);
  const aggregate = scalar(unwrap(by), { ...env, aggregate: true });
  const countText = clause.Expression ? nodeText(clause.Expression) : undefined;
  if (countText !== undefined && !/^\d+$/.test(countText))
    return ctx.unsupported(clause, 'a non-constant top-nested count');
  return {
    key: key.type === 'dynamic' ? `CAST(${key.sql} AS VARCHAR)` : key.sql,
    aggregate: aggregate.sql,
    desc,
    count: countText,
  };
}

export function topNested(
  op: Kusto.Language.Syntax.TopNestedOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const env = rowEnv(ctx, scope, input);
  const levels = elements(op.Clauses).map((clause) => levelOf(clause, env, ctx));
  const specs = outputSpecs(ctx, op);
  if (specs.length !== levels.length * 2) return ctx.unsupported(op, 'this top-nested');
  const keys = levels.map((_, i) => quoteIdent(`#n${i}`));
  const keyed = ctx.stage(
    `SELECT ${[...input.columns.map((c) => c.id), ...hiddenIds(input), ...levels.map((l, i) => `${l.key} AS ${keys[i]}`)].join(', ')} FROM ${input.from}`,
    input.columns,
  );
  const keyedEnv = rowEnv(ctx, scope, keyed);
  const stages: Relation[] = [];
  levels.forEach((level, i) => {
    // Re-translate the aggregate over the keyed stage (same column ids as the input).
    const clause = elements(op.Clauses)[i] as Kusto.Language.Syntax.TopNestedClause;
    const aggregate = levelOf(clause, keyedEnv, ctx).aggregate;
    const prefix = keys.slice(0, i);
    const previous = stages[i - 1];
    const semi = previous
      ? ` SEMI JOIN ${previous.from} AS p ON ${prefix.map((k) => `k.${k} IS NOT DISTINCT FROM p.${k}`).join(' AND ')}`
      : '';
    const partition = prefix.length > 0 ? `PARTITION BY ${prefix.map((k) => `k.${k}`).join(', ')} ` : '';
    const rank = `row_number() OVER (${partition}ORDER BY ${quoteIdent(`#g${i}`)} ${level.desc ? 'DESC' : 'ASC'} NULLS LAST)`;
    const groupKeys = keys.slice(0, i + 1).map((k) => `k.${k}`);
    const select = [
      ...groupKeys.map((k, j) => `${k} AS ${keys[j] ?? ''}`),
      `${aggregate} AS ${quoteIdent(`#g${i}`)}`,
    ];
    const qualify = level.count !== undefined ? ` QUALIFY ${rank} <= ${level.count}` : '';
    stages.push(
      ctx.stage(
        `SELECT ${select.join(', ')} FROM ${keyed.from} AS k${semi} GROUP BY ${groupKeys.join(', ')}${qualify}`,
        [],
      ),
    );
  });
  const last = stages.length - 1;
  const joins = stages
    .slice(0, last)
    .map((stage, i) => {
      const on = keys
        .slice(0, i + 1)
        .map((k) => `s${last}.${k} IS NOT DISTINCT FROM s${i}.${k}`)
        .join(' AND ');
      return ` JOIN ${stage.from} AS s${i} ON ${on}`;
    })
    .join('');
  const from = `${stages[last]?.from ?? ''} AS s${last}${joins}`;
  const items = levels.flatMap((level, i) => {
    const keySpec = specs[i * 2];
    const aggSpec = specs[i * 2 + 1];
    if (!keySpec || !aggSpec) return [];
    return [
      conform(
        { name: keySpec.name, type: keySpec.type, sql: `s${i === last ? last : i}.${keys[i]}` },
        keySpec.type,
      ),
      conform(
        { name: aggSpec.name, type: aggSpec.type, sql: `s${i === last ? last : i}.${quoteIdent(`#g${i}`)}` },
        aggSpec.type,
      ),
    ];
  });
  return selectStage(ctx, { from, columns: [] }, items, { keepOrder: false });
}
