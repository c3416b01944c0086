// invoke: calls a tabular function with the piped table as its first argument.
import type { Context } from './context.js';
import { type Relation, Scope } from './model.js';
import { bindStatements } from './statements.js';
import { tabular } from './tabular.js';
import { scalar, argumentNodes } from './expressions.js';
import { coerce } from './coerce.js';
import { items } from '../kusto.js';
import { scalarType } from './ktypes.js';

export function invoke(
  op: Kusto.Language.Syntax.InvokeOperator,
  input: Relation,
  scope: Scope,
  ctx: Context,
): Relation {
  const call = op.Function as Kusto.Language.Syntax.FunctionCallExpression | null;
  const name = call?.Name?.SimpleName ?? '';
  const binding = scope.get(name);
  const expansion = call?.GetExpansion();
  const body =
    (expansion as Kusto.Language.Syntax.FunctionBody | null) ??
    (binding?.kind === 'function' ? binding.declaration.Body : null);
  const signature = call?.ReferencedSignature;
  if (!call || !body?.Expression || !signature) return ctx.unsupported(op, `invoke ${name}()`);
  const callScope = new Scope(binding?.kind === 'function' ? binding.scope : ctx.root);
  const parameters = [...items(signature.Parameters)];
  const args = argumentNodes(call.ArgumentList);
  parameters.forEach((p, i) => {
    const pname = p.Name ?? '';
    if (i === 0) {
      callScope.set(pname, { kind: 'table', relation: () => input });
      return;
    }
    const arg = args[i - 1] ?? p.DefaultValue;
    if (!arg) return;
    const value = scalar(arg, { ctx, scope, row: undefined });
    const type = scalarType([...items(p.DeclaredTypes)][0]) ?? value.type;
    callScope.set(pname, { kind: 'scalar', value: { sql: coerce(value, type), type } });
  });
  bindStatements(body.Statements, callScope, ctx);
  return tabular(body.Expression, callScope, ctx);
}
