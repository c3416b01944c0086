// Function calls: user functions (let, stored) are expanded at the call site; built-ins go
// through the scalar and aggregate registries.
import type { KqlType } from '../types.js';
import { items } from '../kusto.js';
import { type ExprEnv, argumentNodes, scalar, firstCellOf } from './expressions.js';
import { type Relation, Scope } from './model.js';
import type { Sql } from './sql.js';
import { coerce, toStringSql } from './coerce.js';
import { kindOf, nodeText } from './kinds.js';
import { scalarType } from './ktypes.js';
import { tabular } from './tabular.js';
import { bindStatements } from './statements.js';
import { SCALAR_FUNCTIONS } from './functions/registry.js';
import { AGGREGATES } from './aggregates.js';

type Node = Kusto.Language.Syntax.Expression;

/** What a built-in scalar function implementation sees. */
export class FnCall {
  private readonly cache = new Map<number, Sql>();
  constructor(
    readonly name: string,
    readonly node: Node,
    readonly args: Node[],
    readonly env: ExprEnv,
  ) {}

  get count(): number {
    return this.args.length;
  }

  get resultType(): KqlType {
    return this.env.ctx.typeOf(this.node);
  }

  argNode(i: number): Node {
    const node = this.args[i];
    if (!node) return this.fail(`${this.name}() without argument ${i + 1}`);
    return node;
  }

  arg(i: number): Sql {
    let value = this.cache.get(i);
    if (!value) {
      value = scalar(this.argNode(i), this.env);
      this.cache.set(i, value);
    }
    return value;
  }

  argAs(i: number, type: KqlType): string {
    return coerce(this.arg(i), type);
  }

  str(i: number): string {
    return toStringSql(this.arg(i));
  }

  has(i: number): boolean {
    return i < this.args.length;
  }

  constString(i: number): string | undefined {
    const node = this.args[i];
    if (!node || !node.IsConstant) return undefined;
    const value: unknown = node.ConstantValue ?? node.LiteralValue;
    return typeof value === 'string' ? value : undefined;
  }

  constNumber(i: number): number | undefined {
    const node = this.args[i];
    if (!node || !node.IsConstant) return undefined;
    const value: unknown = node.ConstantValue ?? node.LiteralValue;
    if (typeof value === 'number') return value;
    const n = Number(nodeText(node));
    return Number.isFinite(n) ? n : undefined;
  }

  fail(what?: string): never {
    return this.env.ctx.unsupported(this.node, what ?? `the function ${this.name}()`);
  }
}

export type ScalarImpl = (call: FnCall) => string | Sql;

function functionName(node: Node): string {
  if (kindOf(node) === 'FunctionCallExpression') {
    return (node as Kusto.Language.Syntax.FunctionCallExpression).Name?.SimpleName ?? '';
  }
  return (node as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
}

function callArguments(node: Node): Node[] {
  if (kindOf(node) !== 'FunctionCallExpression') return [];
  return argumentNodes((node as Kusto.Language.Syntax.FunctionCallExpression).ArgumentList);
}

export function isUserFunction(node: Node, env: ExprEnv): boolean {
  const name = functionName(node);
  const binding = env.scope.get(name);
  if (binding) return binding.kind === 'function';
  return env.ctx.functions.some((f) => f.name === name) && !SCALAR_FUNCTIONS.has(name);
}

/** A scalar function call (or a zero-argument function referenced by name). */
export function callFunction(node: Node, outer: ExprEnv): Sql {
  const env = outer.predicate ? { ...outer, predicate: false } : outer;
  const name = functionName(node);
  if (isUserFunction(node, env)) {
    const result = expandCall(node, env);
    return 'sql' in result ? result : firstCellOf(result, env.ctx, node);
  }
  const args = callArguments(node);
  if (env.aggregate) {
    const aggregate = AGGREGATES.get(name);
    if (aggregate) return aggregate(new FnCall(name, node, args, { ...env, aggregate: false }));
  }
  const impl = SCALAR_FUNCTIONS.get(name);
  if (!impl) {
    if (AGGREGATES.has(name)) return env.ctx.unsupported(node, `the aggregate ${name}() outside summarize`);
    return env.ctx.unsupported(node, `the function ${name}()`);
  }
  const call = new FnCall(name, node, args, env);
  const result = impl(call);
  return typeof result === 'string' ? { sql: result, type: call.resultType } : result;
}

interface ParameterInfo {
  name: string;
  tabular: boolean;
  type: KqlType | undefined;
  defaultValue: Node | null;
}

function parametersOf(node: Node, args: Node[]): (ParameterInfo | undefined)[] {
  const signature = node.ReferencedSignature;
  if (!signature) return [];
  const all = [...items(signature.Parameters)];
  const info = (p: Kusto.Language.Symbols.Parameter): ParameterInfo => ({
    name: p.Name ?? '',
    tabular: p.IsTabular,
    type: scalarType([...items(p.DeclaredTypes)][0]),
    defaultValue: p.DefaultValue,
  });
  const mapped = args.length > 0 ? [...items(signature.GetArgumentParameters(listOf(args)))] : [];
  const byArgument = mapped.map((p) => (p ? info(p) : undefined));
  const rest = all.filter((p) => !mapped.includes(p)).map(info);
  return [...byArgument, ...rest];
}

/** A .NET-style read-only list over a JS array, for Kusto.Language APIs that take one. */
function listOf(nodes: Node[]): System.Collections.Generic.IReadOnlyList$1<Node> {
  return {
    Count: nodes.length,
    getItem: (i: number) => nodes[i] ?? null,
  } as unknown as System.Collections.Generic.IReadOnlyList$1<Node>;
}

function argumentValue(arg: Node): Node {
  // Named arguments (`f(x = 1)`) are SimpleNamedExpressions wrapping the value.
  if (kindOf(arg) === 'SimpleNamedExpression') {
    return (arg as Kusto.Language.Syntax.SimpleNamedExpression).Expression ?? arg;
  }
  return arg;
}

/** Expands a user or stored function at the call site, binding its parameters to the arguments. */
export function expandCall(node: Node, env: ExprEnv): Sql | Relation {
  const name = functionName(node);
  const binding = env.scope.get(name);
  const defining = binding?.kind === 'function' ? binding.scope : env.ctx.root;
  const expansion = node.GetExpansion();
  const body =
    expansion && kindOf(expansion) === 'FunctionBody'
      ? (expansion as Kusto.Language.Syntax.FunctionBody)
      : binding?.kind === 'function'
        ? binding.declaration.Body
        : null;
  if (!body?.Expression) return env.ctx.unsupported(node, `the function ${name}()`);
  const callScope = new Scope(defining);
  const args = callArguments(node);
  const params = parametersOf(node, args);
  params.forEach((param, i) => {
    if (!param) return;
    const arg = args[i] ? argumentValue(args[i]) : param.defaultValue;
    if (!arg) return;
    const argEnv = args[i] ? env : { ...env, scope: defining };
    if (param.tabular || arg.ResultType?.Kind === 10) {
      let memo: Relation | undefined;
      callScope.set(param.name, {
        kind: 'table',
        relation: () => (memo ??= tabular(arg, argEnv.scope, env.ctx)),
      });
      return;
    }
    const value = scalar(arg, argEnv);
    const type = param.type ?? value.type;
    callScope.set(param.name, { kind: 'scalar', value: { sql: coerce(value, type), type } });
  });
  bindStatements(body.Statements, callScope, env.ctx);
  const expression = body.Expression;
  if (expression.ResultType?.Kind === 10) return tabular(expression, callScope, env.ctx);
  return scalar(expression, { ...env, scope: callScope });
}
