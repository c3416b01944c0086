// summarize: group keys first, then aggregates (tuple aggregates such as arg_max spread over
// several columns and are computed as one struct so that every column comes from the same row).
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { type Relation, type Scope, findColumn, orderByClause } from './model.js';
import { type OutItem, conform, outputSpecs, rowEnv, selectStage } from './stage.js';
import { type ExprEnv, argumentNodes, scalar } from './expressions.js';
import { elements, tupleColumns, type ColumnSpec } from './ktypes.js';
import { kindOf, nodeText } from './kinds.js';
import { quoteIdent } from './sql.js';
import { TUPLE_AGGREGATES } from './aggregates.js';

type Node = Kusto.Language.Syntax.Expression;

interface Piece {
  sql: string;
  type: KqlType;
}

/** Collects the stage-1 SELECT list: plain expressions and struct aggregates. */
class Collector {
  readonly select: string[] = [];
  private n = 0;
  add(sql: string): string {
    const id = quoteIdent(`#a${this.n++}`);
    this.select.push(`${sql} AS ${id}`);
    return id;
  }
}

function unwrapNamed(node: Node): Node {
  const kind = kindOf(node);
  if (kind === 'SimpleNamedExpression')
    return (node as Kusto.Language.Syntax.SimpleNamedExpression).Expression ?? node;
  if (kind === 'CompoundNamedExpression')
    return (node as Kusto.Language.Syntax.CompoundNamedExpression).Expression ?? node;
  return node;
}

function structOf(values: Piece[], collector: Collector, aggregate: (struct: string) => string): Piece[] {
  const fields = values.map((v, i) => `"f${i}" := ${v.sql}`).join(', ');
  const id = collector.add(aggregate(`struct_pack(${fields})`));
  return values.map((v, i) => ({ sql: `(${id})."f${i}"`, type: v.type }));
}

function starValues(tuple: ColumnSpec[], from: number, input: Relation, ctx: Context, node: Node): Piece[] {
  // The legacy argmax/argmin name the columns `<key>_<column>`.
  const prefix = `${tuple[0]?.name ?? ''}_`;
  return tuple.slice(from).map((spec) => {
    const column =
      findColumn(input, spec.name) ??
      (spec.name.startsWith(prefix) ? findColumn(input, spec.name.slice(prefix.length)) : undefined);
    if (!column) return ctx.unsupported(node, `the column '${spec.name}' of ${kindOf(node)}`);
    return { sql: column.id, type: column.type };
  });
}

function argValues(
  args: Node[],
  tuple: ColumnSpec[],
  from: number,
  input: Relation,
  env: ExprEnv,
  node: Node,
): Piece[] {
  if (args.some((a) => kindOf(a) === 'StarExpression')) return starValues(tuple, from, input, env.ctx, node);
  return args.map((a) => scalar(a, env));
}

function tupleAggregate(
  call: Kusto.Language.Syntax.FunctionCallExpression,
  input: Relation,
  env: ExprEnv,
  collector: Collector,
): Piece[] {
  const name = call.Name?.SimpleName ?? '';
  const tuple = tupleColumns(call.ResultType) ?? [];
  const args = argumentNodes(call.ArgumentList);
  if (name === 'percentiles') {
    const value = scalar(args[0] ?? call, env);
    return args.slice(1).map((p, i) => {
      const percent = Number(p.ConstantValue ?? nodeText(p));
      if (!Number.isFinite(percent)) return env.ctx.unsupported(p, 'a non-constant percentile');
      const sql = collector.add(`quantile_disc(${value.sql}, ${percent / 100})`);
      return { sql, type: tuple[i]?.type ?? value.type };
    });
  }
  if (name === 'take_any' || name === 'any') {
    const values = argValues(args, tuple, 0, input, env, call);
    return structOf(values, collector, (s) => `any_value(${s})`);
  }
  const key = scalar(args[0] ?? call, env);
  const keySql = key.type === 'dynamic' ? `CAST(${key.sql} AS VARCHAR)` : key.sql;
  const fn = name.includes('max') ? 'max' : 'min';
  const rest = argValues(args.slice(1), tuple, 1, input, env, call);
  if (rest.length > 1) {
    // One struct for the key and the other values: every column comes from the same row.
    return structOf([key, ...rest], collector, (s) => `${fn}_by(${s}, ${keySql})`);
  }
  const first: Piece = {
    sql: collector.add(key.type === 'dynamic' ? `${fn}_by(${key.sql}, ${keySql})` : `${fn}(${key.sql})`),
    type: key.type,
  };
  const only = rest[0];
  if (!only) return [first];
  return [first, { sql: collector.add(`${fn}_by(${only.sql}, ${keySql})`), type: only.type }];
}

function aggregatePieces(node: Node, input: Relation, env: ExprEnv, collector: Collector): Piece[] {
  const value = unwrapNamed(node);
  if (kindOf(value) === 'FunctionCallExpression' && value.ResultType?.Kind === 6) {
    const call = value as Kusto.Language.Syntax.FunctionCallExpression;
    if (TUPLE_AGGREGATES.has(call.Name?.SimpleName ?? '')) return tupleAggregate(call, input, env, collector);
    return env.ctx.unsupported(node, `the aggregate ${call.Name?.SimpleName ?? ''}() with several results`);
  }
  const piece = scalar(value, { ...env, aggregate: true });
  return [{ sql: collector.add(piece.sql), type: piece.type }];
}

/**
 * Inside mv-apply, summarize without by yields one row per input row even when its subtable is
 * empty: those rows take the values the aggregates have over no rows (count 0, make_list []...).
 */
function withEmptyGroups(
  op: Kusto.Language.Syntax.SummarizeOperator,
  grouped: Relation,
  input: Relation,
  env: ExprEnv,
  width: number,
  ctx: Context,
): Relation {
  const partition = input.partition as string;
  const rows = ctx.partitionRows.get(partition);
  if (!rows) return grouped;
  const empty = new Collector();
  for (const aggregate of elements(op.Aggregates))
    aggregatePieces(aggregate, input, { ...env, ungrouped: true }, empty);
  const defaults = ctx.stage(`SELECT ${empty.select.join(', ')} FROM ${input.from} WHERE false`, []);
  const ids = Array.from({ length: width }, (_, i) => quoteIdent(`#a${i}`));
  const list = ids.map((id) => `CASE WHEN g.${partition} IS NULL THEN d.${id} ELSE g.${id} END AS ${id}`);
  const sql = `SELECT ${[...list, `p.${partition} AS ${partition}`].join(', ')} FROM (SELECT DISTINCT ${partition} FROM ${rows}) AS p LEFT JOIN ${grouped.from} AS g ON p.${partition} = g.${partition} CROSS JOIN (SELECT * FROM ${defaults.from}) AS d`;
  return { ...ctx.stage(sql, []), partition };
}

export function summarize(
  op: Kusto.Language.Syntax.SummarizeOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const specs = outputSpecs(ctx, op);
  const byNodes = elements(op.ByClause?.Expressions ?? null);
  const order = orderByClause(input.order);
  const env: ExprEnv = {
    ...rowEnv(ctx, scope, input),
    ungrouped: byNodes.length === 0 && !input.partition,
    ...(order ? { aggregateOrder: order } : {}),
  };
  const collector = new Collector();
  const keys = byNodes.map((k) => {
    const value = scalar(unwrapNamed(k), env);
    const sql = value.type === 'dynamic' ? `CAST(${value.sql} AS VARCHAR)` : value.sql;
    return { sql: collector.add(sql), type: value.type };
  });
  const pieces = [...keys];
  for (const aggregate of elements(op.Aggregates))
    pieces.push(...aggregatePieces(aggregate, input, env, collector));
  if (pieces.length !== specs.length)
    return ctx.unsupported(op, 'this summarize (its result columns do not line up)');
  // Inside mv-apply every input row is its own group.
  const partition = input.partition ? [`${input.partition} AS ${input.partition}`] : [];
  const stagedGroups = ctx.stage(
    `SELECT ${[...collector.select, ...partition].join(', ')} FROM ${input.from}${keys.length > 0 || input.partition ? ' GROUP BY ALL' : ''}`,
    [],
  );
  let grouped = input.partition ? { ...stagedGroups, partition: input.partition } : stagedGroups;
  if (input.partition && keys.length === 0) {
    grouped = withEmptyGroups(op, grouped, input, env, collector.select.length, ctx);
  }
  const items: OutItem[] = pieces.map((piece, i) => {
    const spec = specs[i] as ColumnSpec;
    // Aggregates of strings over no values (max, take_any...) give NULL; KQL strings are never null.
    const sql =
      i < keys.length && piece.type === 'dynamic'
        ? `CAST(${piece.sql} AS JSON)`
        : piece.type === 'string'
          ? `coalesce(${piece.sql}, '')`
          : piece.sql;
    return conform({ name: spec.name, type: piece.type, sql }, spec.type);
  });
  return selectStage(ctx, grouped, items, { keepOrder: false });
}
