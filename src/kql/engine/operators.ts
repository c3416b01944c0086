// Dispatches each query operator to its translation.
import type { Context } from './context.js';
import type { Relation, Scope } from './model.js';
import { kindOf, describeKind } from './kinds.js';
import * as basic from './op-basic.js';
import { sort, top } from './op-sort.js';
import { summarize } from './op-summarize.js';
import { join, lookup } from './op-join.js';
import { union } from './op-union.js';
import { mvExpand } from './op-mvexpand.js';
import { mvApply } from './op-mvapply.js';
import { search } from './op-search.js';
import { parse } from './op-parse.js';
import { makeSeries } from './op-series.js';
import { print, range } from './op-sources.js';
import { invoke } from './op-invoke.js';
import { topNested } from './op-topnested.js';

type Op = Kusto.Language.Syntax.QueryOperator;

/** Operators that work per input row inside mv-apply. */
const PARTITION_AWARE = new Set([
  'FilterOperator',
  'ExtendOperator',
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectKeepOperator',
  'ProjectReorderOperator',
  'ProjectRenameOperator',
  'TakeOperator',
  'CountOperator',
  'DistinctOperator',
  'SortOperator',
  'TopOperator',
  'SummarizeOperator',
  'MvExpandOperator',
  'ParseOperator',
  'ParseWhereOperator',
  'AsOperator',
]);

export function applyOperator(op: Op, input: Relation, scope: Scope, ctx: Context): Relation {
  if (input.partition && !PARTITION_AWARE.has(kindOf(op)))
    return ctx.unsupported(op, `${describeKind(op)} inside mv-apply`);
  switch (kindOf(op)) {
    case 'FilterOperator':
      return basic.where(op as Kusto.Language.Syntax.FilterOperator, input, scope, ctx);
    case 'ExtendOperator':
      return basic.extend(op as Kusto.Language.Syntax.ExtendOperator, input, scope, ctx);
    case 'ProjectOperator':
      return basic.project(op as Kusto.Language.Syntax.ProjectOperator, input, scope, ctx);
    case 'ProjectAwayOperator':
    case 'ProjectKeepOperator':
    case 'ProjectReorderOperator':
      return basic.pickColumns(op, input, ctx);
    case 'ProjectRenameOperator':
      return basic.projectRename(op as Kusto.Language.Syntax.ProjectRenameOperator, input, ctx);
    case 'TakeOperator':
      return basic.take(op as Kusto.Language.Syntax.TakeOperator, input, scope, ctx);
    case 'CountOperator':
      return basic.count(op as Kusto.Language.Syntax.CountOperator, input, ctx);
    case 'DistinctOperator':
      return basic.distinct(op as Kusto.Language.Syntax.DistinctOperator, input, scope, ctx);
    case 'SerializeOperator':
      return basic.serialize(op as Kusto.Language.Syntax.SerializeOperator, input, scope, ctx);
    case 'GetSchemaOperator':
      return basic.getschema(op, input, ctx);
    case 'RenderOperator':
      return basic.render(op as Kusto.Language.Syntax.RenderOperator, input, ctx);
    case 'AsOperator': {
      // `as` names the rows so far: union withsource reports it, later expressions may use it.
      const name = (op as Kusto.Language.Syntax.AsOperator).Name?.SimpleName;
      if (!name) return input;
      const named = { ...input, label: name };
      scope.set(name, { kind: 'table', relation: () => named });
      return named;
    }
    case 'SortOperator':
      return sort(op as Kusto.Language.Syntax.SortOperator, input, scope, ctx);
    case 'TopOperator':
      return top(op as Kusto.Language.Syntax.TopOperator, input, scope, ctx);
    case 'SummarizeOperator':
      return summarize(op as Kusto.Language.Syntax.SummarizeOperator, input, scope, ctx);
    case 'JoinOperator':
      return join(op as Kusto.Language.Syntax.JoinOperator, input, scope, ctx);
    case 'LookupOperator':
      return lookup(op as Kusto.Language.Syntax.LookupOperator, input, scope, ctx);
    case 'UnionOperator':
      return union(op as Kusto.Language.Syntax.UnionOperator, input, scope, ctx);
    case 'MvExpandOperator':
      return mvExpand(op as Kusto.Language.Syntax.MvExpandOperator, input, scope, ctx);
    case 'ParseOperator':
    case 'ParseWhereOperator':
      return parse(
        op as Kusto.Language.Syntax.ParseOperator,
        input,
        scope,
        ctx,
        kindOf(op) === 'ParseWhereOperator',
      );
    case 'MakeSeriesOperator':
      return makeSeries(op as Kusto.Language.Syntax.MakeSeriesOperator, input, scope, ctx);
    case 'SearchOperator':
      return search(op as Kusto.Language.Syntax.SearchOperator, input, scope, ctx);
    case 'MvApplyOperator':
      return mvApply(op as Kusto.Language.Syntax.MvApplyOperator, input, scope, ctx);
    case 'InvokeOperator':
      return invoke(op as Kusto.Language.Syntax.InvokeOperator, input, scope, ctx);
    case 'TopNestedOperator':
      return topNested(op as Kusto.Language.Syntax.TopNestedOperator, input, scope, ctx);
    default:
      return ctx.unsupported(op, describeKind(op));
  }
}

/** Operators that start a pipeline on their own: print, range, union. */
export function sourceOperator(op: Op, scope: Scope, ctx: Context): Relation {
  switch (kindOf(op)) {
    case 'PrintOperator':
      return print(op as Kusto.Language.Syntax.PrintOperator, scope, ctx);
    case 'RangeOperator':
      return range(op as Kusto.Language.Syntax.RangeOperator, scope, ctx);
    case 'UnionOperator':
      return union(op as Kusto.Language.Syntax.UnionOperator, undefined, scope, ctx);
    case 'SearchOperator':
      return search(op as Kusto.Language.Syntax.SearchOperator, undefined, scope, ctx);
    default:
      return ctx.unsupported(op, describeKind(op));
  }
}
