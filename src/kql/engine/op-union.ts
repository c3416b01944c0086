// union: columns lined up by name (kind=outer by default, inner keeps the common ones),
// `withsource` names the source of each row, table wildcards expand to the matching tables.
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { columnsFor } from './context.js';
import { type Relation, type Scope } from './model.js';
import { outputSpecs } from './stage.js';
import { elements, type ColumnSpec } from './ktypes.js';
import { kindOf, nodeText } from './kinds.js';
import { tabular, baseTable } from './tabular.js';
import { namedParameters } from './params.js';
import { nullOf, quoteString } from './sql.js';
import { coerce } from './coerce.js';
import { items } from '../kusto.js';

type Node = Kusto.Language.Syntax.Expression;

interface Branch {
  relation: Relation;
  source: string;
}

function wildcardTables(node: Kusto.Language.Syntax.NameReference, ctx: Context): Branch[] {
  const symbol = node.ReferencedSymbol;
  const names: string[] = [];
  if (symbol?.Kind === 15) {
    for (const member of items((symbol as Kusto.Language.Symbols.GroupSymbol).Members))
      names.push(member.Name ?? '');
  } else if (symbol?.Kind === 10 && symbol.Name) names.push(symbol.Name);
  else {
    const pattern = new RegExp(
      `^${nodeText(node)
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')}$`,
    );
    for (const t of ctx.tables()) if (pattern.test(t.name)) names.push(t.name);
  }
  return names.map((name) => ({ relation: baseTable(ctx, node, name), source: name }));
}

function branches(nodes: Node[], scope: Scope, ctx: Context, offset: number): Branch[] {
  const out: Branch[] = [];
  nodes.forEach((node, i) => {
    if (kindOf(node) === 'NameReference') {
      const ref = node as Kusto.Language.Syntax.NameReference;
      if (nodeText(ref).includes('*')) {
        out.push(...wildcardTables(ref, ctx));
        return;
      }
      out.push({ relation: tabular(node, scope, ctx), source: ref.SimpleName ?? '' });
      return;
    }
    const relation = tabular(node, scope, ctx);
    out.push({ relation, source: relation.label ?? `union_arg${i + offset}` });
  });
  return out;
}

type Feed = { sql: string; type: KqlType };

/** For each branch: its columns by `name`, by `name_type` (split types) and by name ignoring type. */
function feeder(branch: Relation): (spec: ColumnSpec) => Feed | undefined {
  const exact = new Map<string, Feed>();
  const loose = new Map<string, Feed>();
  for (const c of branch.columns) {
    const value = { sql: c.id, type: c.type };
    exact.set(`${c.name}\u0000${c.type}`, value);
    exact.set(`${c.name}_${c.type}\u0000${c.type}`, exact.get(`${c.name}_${c.type}\u0000${c.type}`) ?? value);
    if (!loose.has(c.name)) loose.set(c.name, value);
  }
  return (spec) => exact.get(`${spec.name}\u0000${spec.type}`) ?? loose.get(spec.name);
}

/** Kusto reports a leg's own column named like the withsource column twice; the next operator
 * calls the second one `Name1`, so the output takes that name at once. */
function uniqueNames(specs: ColumnSpec[]): ColumnSpec[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    let name = spec.name;
    for (let i = 1; seen.has(name); i++) name = `${spec.name}${i}`;
    seen.add(name);
    return { ...spec, name };
  });
}

export function union(
  op: Kusto.Language.Syntax.UnionOperator,
  input: Relation | undefined,
  scope: Scope,
  ctx: Context,
): Relation {
  const params = namedParameters(op.Parameters);
  const specs = outputSpecs(ctx, op);
  const sourceName = params.get('withsource')?.text;
  const all: Branch[] = [];
  if (input) all.push({ relation: input, source: input.label ?? 'union_arg0' });
  all.push(...branches(elements(op.Expressions), scope, ctx, input ? 1 : 0));
  if (all.length === 0) return ctx.unsupported(op, 'a union of no tables');
  const inner = (params.get('kind')?.text ?? 'outer').toLowerCase() === 'inner';
  // kind=inner keeps only the columns every leg has (Kusto.Language reports the outer schema).
  const kept = inner
    ? specs.filter(
        (spec) =>
          spec.name === sourceName ||
          all.every((b) => b.relation.columns.some((c) => c.name === spec.name && c.type === spec.type)),
      )
    : specs;
  const columns = columnsFor(uniqueNames(kept));
  // Empty stored tables add no rows; leaving them out keeps `union *` over a wide catalog cheap.
  const legs = all.filter((b) => !b.relation.empty);
  if (legs.length * kept.length > 200_000) {
    return ctx.unsupported(
      op,
      `a union of ${legs.length} tables with ${kept.length} columns (too wide for the local engine)`,
    );
  }
  if (legs.length === 0) {
    const nulls = kept.map((spec, i) => `${nullOf(spec.type)} AS ${columns[i]?.id ?? ''}`);
    return ctx.stage(`SELECT ${nulls.join(', ') || 'NULL AS "#empty"'} WHERE false`, columns);
  }
  const sourceIndex = sourceName === undefined ? -1 : kept.findIndex((spec) => spec.name === sourceName);
  const selects = legs.map((branch) => {
    const feed = feeder(branch.relation);
    const list = kept.map((spec, i) => {
      const id = columns[i]?.id ?? '';
      if (i === sourceIndex) return `${quoteString(branch.source)} AS ${id}`;
      const value = feed(spec);
      const sql = value ? coerce(value, spec.type) : nullOf(spec.type);
      return `${sql} AS ${id}`;
    });
    return `SELECT ${list.join(', ')} FROM ${branch.relation.from}`;
  });
  return ctx.stage(selects.join(' UNION ALL '), columns);
}
