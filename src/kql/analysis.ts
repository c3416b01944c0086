// Builds Kusto.Language's GlobalState for a schema and analyses queries against it.
// A GlobalState is expensive (100-200 ms for the catalog) and memory-heavy, so one is kept per
// distinct schema in a small LRU, and every analysis reuses it.
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { kusto } from './kusto.js';
import { kqlBracketedName } from './quote.js';
import type { TableSchema } from './types.js';

/** A function the schema declares, e.g. Sentinel's `_GetWatchlist` or an ASIM parser. */
export interface SchemaFunction {
  name: string;
  /** KQL parameter list, e.g. `(alias:string)`. */
  parameters: string;
  /** KQL body, e.g. `{ datatable(SearchKey:string)[] }`. */
  body: string;
  description?: string;
}

export interface AnalysisSchema {
  databaseName: string;
  tables: readonly TableSchema[];
  functions?: readonly SchemaFunction[];
}

const globalsCache = new LRUCache<string, Kusto.Language.GlobalState>({ max: 4 });
const globalsBySchema = new WeakMap<AnalysisSchema, Kusto.Language.GlobalState>();

/** The `(Col:type, ...)` form TableSymbol's constructor takes. */
export function tableSchemaText(table: TableSchema): string {
  return `(${table.columns.map((c) => `${kqlBracketedName(c.name)}:${c.type}`).join(', ')})`;
}

function fingerprint(schema: AnalysisSchema): string {
  const hash = createHash('sha1');
  hash.update(schema.databaseName);
  for (const t of schema.tables) hash.update(`\u0000${t.name}${tableSchemaText(t)}`);
  for (const f of schema.functions ?? []) hash.update(`\u0001${f.name}${f.parameters}${f.body}`);
  return hash.digest('hex');
}

/** The GlobalState for a schema: the same object for the same schema while it stays in the LRU. */
export function globalsFor(schema: AnalysisSchema): Kusto.Language.GlobalState {
  const same = globalsBySchema.get(schema);
  if (same) return same;
  const key = fingerprint(schema);
  const hit = globalsCache.get(key);
  if (hit) {
    globalsBySchema.set(schema, hit);
    return hit;
  }
  const K = kusto();
  const symbols: Kusto.Language.Symbols.Symbol[] = schema.tables.map(
    (t) => new K.Symbols.TableSymbol.$ctor7(t.name, tableSchemaText(t), null),
  );
  for (const f of schema.functions ?? []) {
    symbols.push(new K.Symbols.FunctionSymbol.$ctor16(f.name, f.parameters, f.body, f.description ?? null));
  }
  const database = new K.Symbols.DatabaseSymbol.$ctor2(schema.databaseName, null, symbols);
  const globals = K.GlobalState.Default?.WithDatabase(database);
  if (!globals) throw new Error('Kusto.Language returned no GlobalState');
  globalsCache.set(key, globals);
  globalsBySchema.set(schema, globals);
  return globals;
}

export function analyze(query: string, globals: Kusto.Language.GlobalState): Kusto.Language.KustoCode {
  const code = kusto().KustoCode.ParseAndAnalyze(query, globals);
  if (!code) throw new Error('Kusto.Language returned no analysis');
  return code;
}
