// join (every kind; KQL's default is innerunique) and lookup.
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { type Column, type Relation, type Scope, findColumn } from './model.js';
import { type OutItem, outputSpecs, selectStage, conform } from './stage.js';
import { shortText } from './expressions.js';
import { elements } from './ktypes.js';
import { kindOf } from './kinds.js';
import { tabular } from './tabular.js';
import { namedParameters } from './params.js';
import { coerce } from './coerce.js';
import { isNumeric } from './sql.js';

type Node = Kusto.Language.Syntax.Expression;

const KINDS = new Map<string, string>([
  ['innerunique', 'innerunique'],
  ['inner', 'inner'],
  ['leftouter', 'leftouter'],
  ['rightouter', 'rightouter'],
  ['fullouter', 'fullouter'],
  ['outer', 'fullouter'],
  ['leftanti', 'leftanti'],
  ['anti', 'leftanti'],
  ['leftantisemi', 'leftanti'],
  ['rightanti', 'rightanti'],
  ['rightantisemi', 'rightanti'],
  ['leftsemi', 'leftsemi'],
  ['semi', 'leftsemi'],
  ['rightsemi', 'rightsemi'],
]);

interface KeyPair {
  left: Column;
  right: Column;
}

const L = '"#l"';
const R = '"#r"';

function keyPairs(condition: Node, left: Relation, right: Relation, ctx: Context, out: KeyPair[]): void {
  const kind = kindOf(condition);
  if (kind === 'NameReference') {
    const name = (condition as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
    const l = findColumn(left, name);
    const r = findColumn(right, name);
    if (!l || !r) ctx.unsupported(condition, `the join key '${name}'`);
    out.push({ left: l as Column, right: r as Column });
    return;
  }
  if (kind === 'AndExpression') {
    const and = condition as Kusto.Language.Syntax.BinaryExpression;
    if (and.Left) keyPairs(and.Left, left, right, ctx, out);
    if (and.Right) keyPairs(and.Right, left, right, ctx, out);
    return;
  }
  if (kind === 'EqualExpression') {
    const eq = condition as Kusto.Language.Syntax.BinaryExpression;
    const a = eq.Left ? sideColumn(eq.Left, left, right) : undefined;
    const b = eq.Right ? sideColumn(eq.Right, left, right) : undefined;
    if (a && b && a.side !== b.side) {
      out.push(a.side === 'left' ? { left: a.column, right: b.column } : { left: b.column, right: a.column });
      return;
    }
  }
  ctx.unsupported(condition, `the join condition '${shortText(condition)}'`);
}

function sideColumn(
  node: Node,
  left: Relation,
  right: Relation,
): { side: 'left' | 'right'; column: Column } | undefined {
  if (kindOf(node) !== 'PathExpression') return undefined;
  const path = node as Kusto.Language.Syntax.PathExpression;
  const head = (path.Expression as Kusto.Language.Syntax.NameReference | null)?.SimpleName;
  const name = (path.Selector as Kusto.Language.Syntax.NameReference | null)?.SimpleName ?? '';
  if (head === '$left') {
    const column = findColumn(left, name);
    return column ? { side: 'left', column } : undefined;
  }
  if (head === '$right') {
    const column = findColumn(right, name);
    return column ? { side: 'right', column } : undefined;
  }
  return undefined;
}

function keyType(a: KqlType, b: KqlType): KqlType {
  if (a === b) return a === 'dynamic' ? 'string' : a;
  if (isNumeric(a) && isNumeric(b)) return a === 'real' || b === 'real' ? 'real' : 'long';
  return 'string';
}

function onClause(pairs: KeyPair[]): string {
  return pairs
    .map((p) => {
      const type = keyType(p.left.type, p.right.type);
      const l = coerce({ sql: `${L}.${p.left.id}`, type: p.left.type }, type);
      const r = coerce({ sql: `${R}.${p.right.id}`, type: p.right.type }, type);
      return `${l} = ${r}`;
    })
    .join(' AND ');
}

/** One row per distinct key on the left, as KQL's innerunique join does. */
function dedupe(relation: Relation, keys: Column[], ctx: Context): Relation {
  const list = relation.columns.map((c) => c.id).join(', ');
  const on = keys.map((k) => (k.type === 'dynamic' ? `CAST(${k.id} AS VARCHAR)` : k.id)).join(', ');
  return ctx.stage(`SELECT DISTINCT ON (${on}) ${list} FROM ${relation.from}`, relation.columns);
}

function sideItems(relation: Relation, alias: string, outer: boolean): OutItem[] {
  return relation.columns.map((c) => ({
    name: c.name,
    type: c.type,
    sql: outer && c.type === 'string' ? `coalesce(${alias}.${c.id}, '')` : `${alias}.${c.id}`,
  }));
}

interface JoinPlan {
  kind: string;
  left: Relation;
  right: Relation;
  pairs: KeyPair[];
  /** Right-side key columns dropped from the output (lookup). */
  dropRightKeys: boolean;
}

function emit(op: Kusto.Language.Syntax.QueryOperator, plan: JoinPlan, ctx: Context): Relation {
  const specs = outputSpecs(ctx, op);
  const { kind, pairs } = plan;
  const left =
    kind === 'innerunique'
      ? dedupe(
          plan.left,
          pairs.map((p) => p.left),
          ctx,
        )
      : plan.left;
  const right = plan.right;
  const on = onClause(pairs);
  const from = `${left.from} AS ${L}`;
  const to = `${right.from} AS ${R}`;
  let sql: string;
  let items: OutItem[];
  if (kind === 'leftsemi' || kind === 'leftanti') {
    items = sideItems(left, L, false);
    sql = `${from} ${kind === 'leftsemi' ? 'SEMI' : 'ANTI'} JOIN ${to} ON ${on}`;
  } else if (kind === 'rightsemi' || kind === 'rightanti') {
    items = sideItems(right, R, false);
    sql = `${to} ${kind === 'rightsemi' ? 'SEMI' : 'ANTI'} JOIN ${from} ON ${on}`;
  } else {
    const type = {
      innerunique: 'INNER',
      inner: 'INNER',
      leftouter: 'LEFT',
      rightouter: 'RIGHT',
      fullouter: 'FULL',
    }[kind];
    const rightColumns = plan.dropRightKeys
      ? right.columns.filter((c) => !pairs.some((p) => p.right === c))
      : right.columns;
    items = [
      ...sideItems(left, L, kind === 'rightouter' || kind === 'fullouter'),
      ...sideItems({ ...right, columns: rightColumns }, R, kind === 'leftouter' || kind === 'fullouter'),
    ];
    sql = `${from} ${type} JOIN ${to} ON ${on}`;
  }
  if (items.length !== specs.length)
    return ctx.unsupported(op, 'this join (its result columns do not line up)');
  const named = items.map((item, i) =>
    conform({ ...item, name: specs[i]?.name ?? item.name }, specs[i]?.type ?? item.type),
  );
  return selectStage(ctx, { from: sql, columns: [] }, named, { keepOrder: false });
}

function joinCondition(
  clause: Kusto.Language.Syntax.JoinConditionClause | null,
  op: Node,
  ctx: Context,
): Node[] {
  if (!clause || kindOf(clause) !== 'JoinOnClause') return ctx.unsupported(op, 'a join without an on clause');
  return elements((clause as Kusto.Language.Syntax.JoinOnClause).Expressions);
}

export function join(
  op: Kusto.Language.Syntax.JoinOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const params = namedParameters(op.Parameters);
  const kindText = (params.get('kind')?.text ?? 'innerunique').toLowerCase();
  const kind = KINDS.get(kindText);
  if (!kind) return ctx.unsupported(op, `join kind=${kindText}`);
  if (!op.Expression) return ctx.unsupported(op, 'a join without a right side');
  const right = tabular(op.Expression, scope, ctx);
  const pairs: KeyPair[] = [];
  for (const condition of joinCondition(op.ConditionClause, op, ctx))
    keyPairs(condition, input, right, ctx, pairs);
  return emit(op, { kind, left: input, right, pairs, dropRightKeys: false }, ctx);
}

export function lookup(
  op: Kusto.Language.Syntax.LookupOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const params = namedParameters(op.Parameters);
  const kindText = (params.get('kind')?.text ?? 'leftouter').toLowerCase();
  if (kindText !== 'leftouter' && kindText !== 'inner') return ctx.unsupported(op, `lookup kind=${kindText}`);
  if (!op.Expression) return ctx.unsupported(op, 'a lookup without a table');
  const right = tabular(op.Expression, scope, ctx);
  const pairs: KeyPair[] = [];
  for (const condition of joinCondition(op.LookupClause, op, ctx))
    keyPairs(condition, input, right, ctx, pairs);
  return emit(op, { kind: kindText, left: input, right, pairs, dropRightKeys: true }, ctx);
}
