// KQL -> DuckDB SQL. Kusto.Language parses and binds the query (types of every expression, columns
// of every stage); the translator walks that bound tree and emits one CTE per pipe stage.
import type { QueryColumn } from '../../backends/backend.js';
import { ToolError } from '../../util/errors.js';
import { analyze, globalsFor, type SchemaFunction } from '../analysis.js';
import { items } from '../kusto.js';
import type { TableSchema } from '../types.js';
import { LRUCache } from 'lru-cache';
import { Context, NOW_PLACEHOLDER, type EngineTable, type RenderRequest } from './context.js';
import { timestampSql } from './values.js';
import { lineColumn } from './errors.js';
import { orderByClause } from './model.js';
import { outputExpression } from './output.js';
import { bindStatements } from './statements.js';
import { tabular } from './tabular.js';

export interface Translation {
  sql: string;
  columns: QueryColumn[];
  render?: { visualization: string; properties: Record<string, string> };
}

export interface TranslateContext {
  tables: (TableSchema | EngineTable)[];
  functions?: SchemaFunction[];
  now: Date;
}

export const DATABASE_NAME = 'local';

function diagnosticError(text: string, diagnostic: Kusto.Language.Diagnostic, syntax: boolean): ToolError {
  const { line, column } = lineColumn(text, diagnostic.Start);
  const code = syntax ? 'KQL_SYNTAX' : 'KQL_SEMANTIC';
  return new ToolError(code, `${diagnostic.Message ?? 'Invalid query'} (line ${line}, column ${column})`, {
    hint: syntax ? 'Fix the syntax at that position.' : 'Check table, column and function names and types.',
    details: { code: diagnostic.Code, line, column },
  });
}

function firstError(
  list: System.Collections.Generic.IReadOnlyList$1<Kusto.Language.Diagnostic> | null,
): Kusto.Language.Diagnostic | undefined {
  for (const d of items(list)) if (d.Severity === 'Error') return d;
  return undefined;
}

function checkDiagnostics(text: string, code: Kusto.Language.KustoCode): void {
  const syntax = firstError(code.GetSyntaxDiagnostics());
  if (syntax) throw diagnosticError(text, syntax, true);
  const semantic = firstError(code.GetDiagnostics());
  if (semantic) throw diagnosticError(text, semantic, false);
}

// Fingerprinting a large schema costs milliseconds; callers that pass the same table array again
// (LocalDatabase does) get its GlobalState without it.
const globalsByTables = new WeakMap<
  object,
  { functions: readonly SchemaFunction[]; globals: Kusto.Language.GlobalState }
>();

function globalsOf(
  tables: TranslateContext['tables'],
  functions: readonly SchemaFunction[],
): Kusto.Language.GlobalState {
  const hit = globalsByTables.get(tables);
  if (hit && hit.functions === functions) return hit.globals;
  const globals = globalsFor({ databaseName: DATABASE_NAME, tables, functions });
  globalsByTables.set(tables, { functions, globals });
  return globals;
}

const NO_FUNCTIONS: readonly SchemaFunction[] = [];

// Translations by query text, per table set (parsing and binding cost milliseconds; "now" is a
// placeholder in the cached SQL). Errors are not cached.
const translationCache = new WeakMap<object, LRUCache<string, Translation>>();
const functionIds = new WeakMap<readonly SchemaFunction[], number>();
let nextFunctionsId = 0;

function cacheFor(tables: TranslateContext['tables']): LRUCache<string, Translation> {
  let cache = translationCache.get(tables);
  if (!cache) {
    cache = new LRUCache<string, Translation>({ max: 128 });
    translationCache.set(tables, cache);
  }
  return cache;
}

function withNow(translation: Translation, now: Date): Translation {
  const literal = timestampSql(BigInt(now.getTime()) * 1_000_000n);
  return { ...translation, sql: translation.sql.split(NOW_PLACEHOLDER).join(literal) };
}

export function translateKql(kql: string, context: TranslateContext): Translation {
  const functions = context.functions ?? NO_FUNCTIONS;
  let functionsId = functionIds.get(functions);
  if (functionsId === undefined) {
    functionsId = nextFunctionsId++;
    functionIds.set(functions, functionsId);
  }
  const key = `${functionsId}\u0000${kql}`;
  const cache = cacheFor(context.tables);
  const hit = cache.get(key);
  if (hit) return withNow(hit, context.now);
  const translation = translate(kql, context.tables, functions);
  cache.set(key, translation);
  return withNow(translation, context.now);
}

function translate(
  kql: string,
  tables: TranslateContext['tables'],
  functions: readonly SchemaFunction[],
): Translation {
  const globals = globalsOf(tables, functions);
  const code = analyze(kql, globals);
  checkDiagnostics(kql, code);
  const ctx = new Context(kql, tables, functions);
  const root = code.Syntax as Kusto.Language.Syntax.QueryBlock | null;
  const queries = bindStatements(root?.Statements ?? null, ctx.root, ctx);
  const query = queries[queries.length - 1];
  if (!query?.Expression)
    throw new ToolError('INVALID_ARGUMENT', 'The query has no tabular expression to run.', {
      hint: 'End the query with a table expression, e.g. `T | take 10`.',
    });
  if (queries.length > 1) ctx.unsupported(queries[1] ?? null, 'several query statements in one request');
  const relation = tabular(query.Expression, ctx.root, ctx);
  const list = relation.columns.map((c, i) => `${outputExpression(c.id, c.type)} AS "c${i}"`);
  const order = orderByClause(relation.order);
  const sql = `${ctx.withClause()}SELECT ${list.join(', ') || 'NULL AS "c0"'} FROM ${relation.from}${order ? ` ORDER BY ${order}` : ''}`;
  const columns = relation.columns.map((c) => ({ name: c.name, type: c.type }));
  const render: RenderRequest | undefined = ctx.render;
  return render ? { sql, columns, render } : { sql, columns };
}

export { macroStatements } from './macros.js';
export type { EngineTable } from './context.js';
