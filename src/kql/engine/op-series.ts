// make-series: per group, one array per aggregate over a fixed axis of bins (missing bins take the
// default value, 0 unless given), plus the axis itself.
import type { Context } from './context.js';
import { type Relation, type Scope } from './model.js';
import { type OutItem, conform, outputSpecs, rowEnv, selectStage } from './stage.js';
import { scalar, argumentNodes, type ExprEnv } from './expressions.js';
import { elements } from './ktypes.js';
import { kindOf } from './kinds.js';
import { type Sql, quoteIdent } from './sql.js';
import { coerce, toJsonSql } from './coerce.js';

type Node = Kusto.Language.Syntax.Expression;

interface Axis {
  start: string;
  end: string;
  step: string;
  datetime: boolean;
}

function axisOf(op: Kusto.Language.Syntax.MakeSeriesOperator, on: Sql, input: Relation, env: ExprEnv): Axis {
  const ctx = env.ctx;
  const datetime = on.type === 'datetime';
  const constEnv = { ...env, row: undefined };
  const clause = op.RangeClause;
  let from: Node | null | undefined;
  let to: Node | null | undefined;
  let step: Node | null | undefined;
  if (clause && kindOf(clause) === 'MakeSeriesFromToStepClause') {
    const c = clause as Kusto.Language.Syntax.MakeSeriesFromToStepClause;
    from = c.MakeSeriesFromClause?.Expression;
    to = c.MakeSeriesToClause?.Expression;
    step = c.MakeSeriesStepClause?.Expression;
  } else if (clause && kindOf(clause) === 'MakeSeriesInRangeClause') {
    const args = argumentNodes((clause as Kusto.Language.Syntax.MakeSeriesInRangeClause).Arguments);
    [from, to, step] = args;
  }
  if (!step) return ctx.unsupported(op, 'make-series without a step');
  const stepSql = coerce(scalar(step, constEnv), datetime ? 'timespan' : 'real');
  const bin = (x: string): string =>
    datetime ? `kql_dt_bin(${x}, ${stepSql})` : `kql_num_bin(${x}, ${stepSql})`;
  const start = from
    ? coerce(scalar(from, constEnv), on.type)
    : bin(`(SELECT min(${on.sql}) FROM ${input.from})`);
  const end = to
    ? coerce(scalar(to, constEnv), on.type)
    : datetime
      ? `kql_dt_add(${bin(`(SELECT max(${on.sql}) FROM ${input.from})`)}, ${stepSql})`
      : `(${bin(`(SELECT max(${on.sql}) FROM ${input.from})`)} + ${stepSql})`;
  return { start, end, step: stepSql, datetime };
}

export function makeSeries(
  op: Kusto.Language.Syntax.MakeSeriesOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const env = rowEnv(ctx, scope, input);
  const specs = outputSpecs(ctx, op);
  if (!op.OnClause?.Expression) return ctx.unsupported(op, 'make-series without on');
  const on = scalar(op.OnClause.Expression, env);
  if (on.type !== 'datetime' && on.type !== 'long' && on.type !== 'int' && on.type !== 'real') {
    return ctx.unsupported(op, `make-series on a ${on.type} axis`);
  }
  const axis = axisOf(op, on, input, env);
  const count = axis.datetime
    ? `CAST(ceil(kql_dt_diff(${axis.end}, ${axis.start}) / ${axis.step}) AS BIGINT)`
    : `CAST(ceil((${axis.end} - ${axis.start}) / ${axis.step}) AS BIGINT)`;
  const binIndex = axis.datetime
    ? `(kql_dt_diff(${on.sql}, ${axis.start}) // ${axis.step})`
    : `CAST(floor((${on.sql} - ${axis.start}) / ${axis.step}) AS BIGINT)`;
  const keys = elements(op.ByClause?.Expressions ?? null).map((k) => {
    const inner =
      kindOf(k) === 'SimpleNamedExpression'
        ? ((k as Kusto.Language.Syntax.SimpleNamedExpression).Expression ?? k)
        : k;
    return scalar(inner, env);
  });
  const aggregates = elements(op.Aggregates).map((a) => {
    const expression = a.Expression;
    const inner =
      expression && kindOf(expression) === 'SimpleNamedExpression'
        ? (expression as Kusto.Language.Syntax.SimpleNamedExpression).Expression
        : expression;
    if (!inner) return ctx.unsupported(a, 'this make-series aggregate');
    const value = scalar(inner, { ...env, aggregate: true });
    const defaultNode = a.DefaultExpression?.Expression;
    const fallback = defaultNode
      ? coerce(scalar(defaultNode, { ...env, row: undefined }), value.type)
      : coerce({ sql: '0', type: 'long' }, value.type);
    return { value, fallback };
  });
  const keyIds = keys.map((_, i) => quoteIdent(`#g${i}`));
  const aggIds = aggregates.map((_, i) => quoteIdent(`#v${i}`));
  const inRange = `${on.sql} >= ${axis.start} AND ${on.sql} < ${axis.end}`;
  const grouped = ctx.stage(
    `SELECT ${[...keys.map((k, i) => `${k.type === 'dynamic' ? `CAST(${k.sql} AS VARCHAR)` : k.sql} AS ${keyIds[i]}`), `${binIndex} AS "#bin"`, ...aggregates.map((a, i) => `${a.value.sql} AS ${aggIds[i]}`)].join(', ')} FROM ${input.from} WHERE ${inRange} GROUP BY ALL`,
    [],
  );
  const groups =
    keys.length > 0 ? `(SELECT DISTINCT ${keyIds.join(', ')} FROM ${grouped.from})` : '(SELECT 1 AS "#one")';
  const grid = ctx.stage(
    `SELECT g.*, "#bin" FROM ${groups} AS g, range(0, greatest(${count}, 0)) AS r("#bin")`,
    [],
  );
  const joinOn = ['g."#bin" = s."#bin"', ...keyIds.map((id) => `g.${id} IS NOT DISTINCT FROM s.${id}`)].join(
    ' AND ',
  );
  const axisValue = axis.datetime
    ? `kql_dt_add(${axis.start}, g."#bin" * ${axis.step})`
    : `(${axis.start} + g."#bin" * ${axis.step})`;
  const series = aggregates.map(
    (a, i) =>
      `to_json(list(${toJsonSql({ sql: `coalesce(s.${aggIds[i]}, ${a.fallback})`, type: a.value.type })} ORDER BY g."#bin"))`,
  );
  const time = `to_json(list(${toJsonSql({ sql: axisValue, type: on.type })} ORDER BY g."#bin"))`;
  const joined = ctx.stage(
    `SELECT ${[...keyIds.map((id) => `g.${id} AS ${id}`), ...series.map((s, i) => `${s} AS ${aggIds[i]}`), `${time} AS "#t"`].join(', ')} FROM ${grid.from} AS g LEFT JOIN ${grouped.from} AS s ON ${joinOn} GROUP BY ALL`,
    [],
  );
  const pieces: OutItem[] = [
    ...keys.map((k, i) => ({
      name: '',
      type: k.type,
      sql: k.type === 'dynamic' ? `CAST(${keyIds[i]} AS JSON)` : (keyIds[i] as string),
    })),
    ...aggIds.map((id) => ({ name: '', type: 'dynamic' as const, sql: id })),
    { name: '', type: 'dynamic', sql: '"#t"' },
  ];
  const ordered = reorder(pieces, specs.length, keys.length, aggregates.length);
  const items = ordered.map((p, i) =>
    conform({ ...p, name: specs[i]?.name ?? `Column${i}` }, specs[i]?.type ?? p.type),
  );
  return selectStage(ctx, joined, items, { keepOrder: false });
}

/** Kusto lists the aggregates, then the axis column, then the group keys... or keys first. */
function reorder(pieces: OutItem[], total: number, keys: number, aggregates: number): OutItem[] {
  if (pieces.length !== total) return pieces;
  const keyPart = pieces.slice(0, keys);
  const aggPart = pieces.slice(keys, keys + aggregates);
  const axis = pieces.slice(keys + aggregates);
  return [...keyPart, ...aggPart, ...axis];
}
