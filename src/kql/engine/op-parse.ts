// parse / parse-where (kind=simple, regex, relaxed): the pattern becomes one RE2 expression with a
// capture group per column; a row that does not match gets nulls (parse) or is dropped (parse-where).
import type { KqlType } from '../types.js';
import type { Context } from './context.js';
import { type Relation, type Scope, findColumn, hiddenIds } from './model.js';
import { type OutItem, outputSpecs, rowEnv, selectStage, conform } from './stage.js';
import { scalar } from './expressions.js';
import { listNodes, declaredType } from './ktypes.js';
import { kindOf } from './kinds.js';
import { namedParameters } from './params.js';
import { quoteString, regexEscape } from './sql.js';
import { fromString, toStringSql } from './coerce.js';

type Node = Kusto.Language.Syntax.SyntaxNode;

interface Capture {
  name: string;
  type: KqlType;
}

const TYPE_PATTERNS: Partial<Record<KqlType, string>> = {
  int: '(-?\\d+)',
  long: '(-?\\d+)',
  real: '(-?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)',
  decimal: '(-?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)',
  bool: '((?i:true|false))',
  guid: '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})',
};

function captureOf(node: Node): Capture | undefined {
  const kind = kindOf(node);
  if (kind === 'NameAndTypeDeclaration') {
    const declaration = node as Kusto.Language.Syntax.NameAndTypeDeclaration;
    const type = declaredType(declaration.Type) ?? 'string';
    return { name: declaration.Name?.SimpleName ?? '', type };
  }
  if (kind === 'NameDeclaration')
    return { name: (node as Kusto.Language.Syntax.NameDeclaration).SimpleName ?? '', type: 'string' };
  return undefined;
}

function literalText(node: Node): string | undefined {
  const value: unknown =
    (node as Kusto.Language.Syntax.Expression).LiteralValue ??
    (node as Kusto.Language.Syntax.Expression).ConstantValue;
  return typeof value === 'string' ? value : undefined;
}

function buildPattern(patterns: Node[], mode: string, ctx: Context): { regex: string; captures: Capture[] } {
  const captures: Capture[] = [];
  let regex = '';
  patterns.forEach((node, i) => {
    const last = i === patterns.length - 1;
    // Regex mode is greedy (flags=U makes it lazy); simple mode takes the shortest match.
    const lazy = mode === 'regex' ? '' : '?';
    if (kindOf(node) === 'StarExpression') {
      regex += last ? '.*' : `.*${lazy}`;
      return;
    }
    const capture = captureOf(node);
    if (capture) {
      captures.push(capture);
      const typed = mode === 'relaxed' ? undefined : TYPE_PATTERNS[capture.type];
      regex += typed ?? (last ? '(.*)' : `(.*${lazy})`);
      return;
    }
    const text = literalText(node);
    if (text === undefined) return ctx.unsupported(node, 'this parse pattern element');
    regex += mode === 'regex' ? text : regexEscape(text);
  });
  return { regex: `^${regex}`, captures };
}

export function parse(
  op: Kusto.Language.Syntax.ParseOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
  filter: boolean,
): Relation {
  const params = namedParameters(op.Parameters);
  const mode = (params.get('kind')?.text ?? 'simple').toLowerCase();
  if (mode !== 'simple' && mode !== 'regex' && mode !== 'relaxed')
    return ctx.unsupported(op, `parse kind=${mode}`);
  const flags = mode === 'regex' ? (params.get('flags')?.text ?? '') : '';
  if (!op.Expression) return ctx.unsupported(op, 'parse without an expression');
  const source = toStringSql(scalar(op.Expression, rowEnv(ctx, scope, input)));
  const { regex, captures } = buildPattern(listNodes(op.Patterns), mode, ctx);
  const pattern = quoteString(`${flags && /^[imsU]+$/.test(flags) ? `(?${flags})` : ''}${regex}`);
  const hidden = hiddenIds(input);
  const names = captures.map((_, i) => quoteString(`c${i}`));
  const extract =
    captures.length > 0 ? [`regexp_extract(${source}, ${pattern}, [${names.join(', ')}]) AS "#p"`] : [];
  const staged = ctx.stageLike(
    `SELECT ${[...input.columns.map((c) => c.id), ...hidden, ...extract, `regexp_matches(${source}, ${pattern}) AS "#m"`].join(', ')} FROM ${input.from}`,
    input.columns,
    input,
  );
  const converted = captures.map((c, i) =>
    c.type === 'string' ? `"#p"."c${i}"` : fromString(`"#p"."c${i}"`, c.type),
  );
  const strict =
    mode === 'relaxed'
      ? []
      : converted.filter((_, i) => captures[i]?.type !== 'string').map((c) => `(${c}) IS NOT NULL`);
  const ok = ['"#m"', ...strict].join(' AND ');
  const specNames = outputSpecs(ctx, op).map((s) => s.name);
  const isDuplicated = (name: string): boolean => specNames.filter((n) => n === name).length > 1;
  // A capture named like an input column comes after it under the same name (Kusto reports both;
  // the next operator calls the second one `name1`, and so does this output).
  const seen = new Map<string, number>();
  const items: OutItem[] = outputSpecs(ctx, op).map((spec) => {
    const occurrence = seen.get(spec.name) ?? 0;
    seen.set(spec.name, occurrence + 1);
    const name = occurrence === 0 ? spec.name : `${spec.name}${occurrence}`;
    const column = findColumn(input, spec.name);
    const index = captures.findIndex((c) => c.name === spec.name);
    if (index >= 0 && !(column && occurrence === 0 && captures.length > 0 && isDuplicated(spec.name))) {
      const capture = captures[index] as Capture;
      const value = converted[index] as string;
      const sql =
        capture.type === 'string'
          ? `CASE WHEN ${ok} THEN ${value} ELSE '' END`
          : `CASE WHEN ${ok} THEN ${value} END`;
      return conform({ name, type: capture.type, sql }, spec.type);
    }
    if (!column) return ctx.unsupported(op, `the column '${spec.name}' after parse`);
    return { name, type: column.type, sql: column.id };
  });
  return selectStage(ctx, staged, items, filter ? { where: ok } : {});
}
