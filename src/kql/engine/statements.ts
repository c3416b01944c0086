// let statements and the other statements a query block may hold.
import type { Context } from './context.js';
import { type Relation, type Scope, type Binding } from './model.js';
import type { Sql } from './sql.js';
import { elements } from './ktypes.js';
import { kindOf } from './kinds.js';
import { scalar } from './expressions.js';
import { tabular } from './tabular.js';

type Statement = Kusto.Language.Syntax.Statement;

function letBinding(
  statement: Kusto.Language.Syntax.LetStatement,
  scope: Scope,
  ctx: Context,
): Binding | undefined {
  const expression = statement.Expression;
  if (!expression) return undefined;
  if (kindOf(expression) === 'FunctionDeclaration') {
    return { kind: 'function', declaration: expression as Kusto.Language.Syntax.FunctionDeclaration, scope };
  }
  if (expression.ResultType?.Kind === 10) {
    let memo: Relation | undefined;
    return { kind: 'table', relation: () => (memo ??= tabular(expression, scope, ctx)) };
  }
  let memo: Sql | undefined;
  return {
    kind: 'scalar',
    get value(): Sql {
      return (memo ??= scalar(expression, { ctx, scope, row: undefined }));
    },
  };
}

function bindQueryParameters(
  statement: Kusto.Language.Syntax.QueryParametersStatement,
  scope: Scope,
  ctx: Context,
): void {
  for (const parameter of elements(statement.Parameters)) {
    const name = parameter.NameAndType?.Name?.SimpleName ?? '';
    const value = parameter.DefaultValue?.Value;
    if (!value) ctx.unsupported(parameter, `the query parameter '${name}' without a default value`);
    let memo: Sql | undefined;
    scope.set(name, {
      kind: 'scalar',
      get value(): Sql {
        return (memo ??= scalar(value, { ctx, scope, row: undefined }));
      },
    });
  }
}

/** Binds the let statements of a list in order; returns the expression statements. */
export function bindStatements(
  list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<Statement>> | null,
  scope: Scope,
  ctx: Context,
): Kusto.Language.Syntax.ExpressionStatement[] {
  const queries: Kusto.Language.Syntax.ExpressionStatement[] = [];
  for (const statement of elements(list)) {
    switch (kindOf(statement)) {
      case 'LetStatement': {
        const let_ = statement as Kusto.Language.Syntax.LetStatement;
        const binding = letBinding(let_, scope, ctx);
        if (binding) scope.set(let_.Name?.SimpleName ?? '', binding);
        break;
      }
      case 'ExpressionStatement':
        queries.push(statement as Kusto.Language.Syntax.ExpressionStatement);
        break;
      case 'SetOptionStatement':
        break;
      case 'QueryParametersStatement':
        bindQueryParameters(statement as Kusto.Language.Syntax.QueryParametersStatement, scope, ctx);
        break;
      default:
        ctx.unsupported(
          statement,
          `the ${kindOf(statement)
            .replace(/Statement$/, '')
            .toLowerCase()} statement`,
        );
    }
  }
  return queries;
}
